using FunctionalNet.Data;
using System.Collections.Immutable;
using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>Features and integer class labels of one split of a labelled data set.</summary>
/// <param name="Features">[m × n] feature matrix.</param>
/// <param name="Labels">Class index of each row; immutable because the bundled splits are shared by every caller.</param>
public sealed record LabelledData(Matrix<double> Features, ImmutableArray<int> Labels)
{
    /// <summary>The same data with every feature multiplied by <paramref name="factor"/> (e.g. 1/16 for the digits' 0–16 pixels).</summary>
    public LabelledData Scale(double factor) =>
        this with { Features = Matrix<double>.Create(Features.Rows, Features.Cols, [.. Features.Span.ToArray().Select(v => v * factor)]) };
}
