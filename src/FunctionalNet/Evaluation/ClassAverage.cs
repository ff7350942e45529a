namespace FunctionalNet;

/// <summary>How per-class (or per-pair) scores are combined into one, as scikit-learn's <c>average</c> argument.</summary>
public enum ClassAverage
{
    /// <summary>The unweighted mean (<c>average="macro"</c>).</summary>
    Macro,

    /// <summary>The mean weighted by each class's support, or each pair's prevalence for one-vs-one (<c>average="weighted"</c>).</summary>
    Weighted,
}
