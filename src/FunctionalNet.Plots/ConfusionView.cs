namespace FunctionalNet.Plots;

/// <summary>What a confusion-matrix cell shows.</summary>
public enum ConfusionView
{
    /// <summary>How many rows of the true class were predicted as the column's class.</summary>
    Counts,

    /// <summary>That count as a share of the true class's rows (each row sums to 1: recall on the diagonal).</summary>
    Normalised,
}
