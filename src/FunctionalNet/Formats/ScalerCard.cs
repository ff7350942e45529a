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
    public Matrix<double> Apply(Matrix<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Cols != Offset.Length)
            throw new ArgumentException($"the scaler expects {Offset.Length} features, found {features.Cols}", nameof(features));
        var result = new double[features.Rows * features.Cols];
        for (int r = 0; r < features.Rows; r++)
            for (int c = 0; c < features.Cols; c++)
                result[r * features.Cols + c] = (features[r, c] - Offset[c]) / Scale[c];
        return Matrix<double>.Own(features.Rows, features.Cols, result);
    }

    /// <summary>
    /// The inverse map x = x′ · scale + offset, row by row: takes values the network sees (or predicts, for a target
    /// scaler) back to the data's own units.
    /// </summary>
    public Matrix<double> Invert(Matrix<double> scaled)
    {
        ArgumentNullException.ThrowIfNull(scaled);
        if (scaled.Cols != Offset.Length)
            throw new ArgumentException($"the scaler expects {Offset.Length} columns, found {scaled.Cols}", nameof(scaled));
        var result = new double[scaled.Rows * scaled.Cols];
        for (int r = 0; r < scaled.Rows; r++)
            for (int c = 0; c < scaled.Cols; c++)
                result[r * scaled.Cols + c] = scaled[r, c] * Scale[c] + Offset[c];
        return Matrix<double>.Own(scaled.Rows, scaled.Cols, result);
    }
}
