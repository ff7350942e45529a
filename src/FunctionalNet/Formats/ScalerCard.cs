using System.Collections.Immutable;
using FunctionalNet.Data.Preprocessing;
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
    public Matrix<double> Apply(Matrix<double> features) => Map(features, "features", (x, c) => (x - Offset[c]) / Scale[c]);

    /// <summary>Undoes <see cref="Apply"/>: x = x′ · scale + offset per column (used to unscale regression targets).</summary>
    public Matrix<double> Invert(Matrix<double> scaled) => Map(scaled, "columns", (x, c) => x * Scale[c] + Offset[c]);

    private Matrix<double> Map(Matrix<double> values, string what, Func<double, int, double> f)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Cols != Offset.Length)
            throw new ArgumentException($"the scaler expects {Offset.Length} {what}, found {values.Cols}", nameof(values));
        var result = new double[values.Rows * values.Cols];
        for (int r = 0; r < values.Rows; r++)
            for (int c = 0; c < values.Cols; c++)
                result[r * values.Cols + c] = f(values[r, c], c);
        return Matrix<double>.Own(values.Rows, values.Cols, result);
    }

    /// <summary>
    /// The affine form of a fitted transform. A standard scaler keeps its mean and deviation exactly; a min–max scaler
    /// onto [0, 1] keeps its minimum and range (1 for a constant column), as <c>fnet train</c> stores it; any other
    /// transform is stored through its <see cref="IFeatureTransform.ToAffine"/>.
    /// </summary>
    public static ScalerCard From(IFeatureTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        switch (transform)
        {
            case StandardScaler s:
                return new ScalerCard("standard", s.Mean, s.Scale);
            case MinMaxScaler { Low: 0, High: 1 } m:
                return new ScalerCard("minmax", m.DataMin, [.. m.DataMin.Zip(m.DataMax, (lo, hi) => hi - lo == 0 ? 1.0 : hi - lo)]);
            default:
                var (offset, divisor) = transform.ToAffine();
                return new ScalerCard(transform is MinMaxScaler ? "minmax" : "affine", offset, divisor);
        }
    }
}
