using System.Collections.Immutable;
using FunctionalNet.Tensors;

namespace FunctionalNet.Formats;

/// <summary>
/// A fitted feature scaler stored as the affine map x′ = (x − offset) / scale per feature. Min–max and standard
/// scaling both take this form, and a numpy user can apply it in one line: <c>(x - offset) / scale</c>.
/// </summary>
/// <param name="Kind"><c>minmax</c> or <c>standard</c>, for people; the numbers alone define the transform.</param>
/// <param name="Offset">Subtracted from each feature (the minimum, or the mean).</param>
/// <param name="Scale">Divides each feature (the range, or the standard deviation); never zero.</param>
public sealed record ScalerCard(string Kind, ImmutableArray<double> Offset, ImmutableArray<double> Scale)
{
    /// <summary>Scales every row of <paramref name="features"/>, which must have one column per offset.</summary>
    public Matrix<double> Apply(Matrix<double> features) => PerColumn(features, nameof(features), (x, c) => (x - Offset[c]) / Scale[c]);

    /// <summary>
    /// The inverse map x = x′ · scale + offset, row by row: takes values the network sees (or predicts, for a target
    /// scaler) back to the data's own units.
    /// </summary>
    public Matrix<double> Invert(Matrix<double> scaled) => PerColumn(scaled, nameof(scaled), (x, c) => x * Scale[c] + Offset[c]);

    private Matrix<double> PerColumn(Matrix<double> x, string name, Func<double, int, double> map)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Cols != Offset.Length)
            throw new ArgumentException($"the scaler expects {Offset.Length} columns, found {x.Cols}", name);
        var result = new double[x.Rows * x.Cols];
        for (int r = 0; r < x.Rows; r++)
            for (int c = 0; c < x.Cols; c++)
                result[r * x.Cols + c] = map(x[r, c], c);
        return Matrix<double>.Own(x.Rows, x.Cols, result);
    }
}
