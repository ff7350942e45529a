using System.Collections.Immutable;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Training;

/// <summary>Raw feature points and their labels, kept only for the 2-feature boundary picture.</summary>
internal sealed record PicturePoints(Matrix<double> Points, IReadOnlyList<int> Labels);

/// <summary>
/// The training, validation and test parts of a run, already scaled (features as the network sees them), and the
/// scaler fitted on the training part. Each part is gathered and scaled from the loaded rows in one copy.
/// </summary>
internal sealed record PreparedData(Dataset Train, Dataset? Validation, Dataset Test, ScalerCard? Scaler, ImmutableArray<string> Classes,
    PicturePoints? Points)
{
    /// <summary>
    /// Fits the scaler on rows <paramref name="fit"/> of <paramref name="data"/> (streaming over them, no copy) and
    /// gathers the scaled parts: training rows <paramref name="fit"/>, validation rows <paramref name="validation"/>
    /// (default: none) and the test rows <paramref name="testRows"/> of <paramref name="test"/>.
    /// </summary>
    public static PreparedData Create(Dataset data, ImmutableArray<int> fit, ImmutableArray<int> validation, Dataset test,
        ImmutableArray<int> testRows, string scale)
    {
        var scaler = Fit(data, fit.AsSpan(), scale);
        Dataset Part(Dataset from, ImmutableArray<int> rows) =>
            scaler is null ? from.SelectRows(rows.AsSpan()) : from.SelectRows(rows.AsSpan(), scaler.Offset, scaler.Scale);
        var train = Part(data, fit);
        // Only 2-feature data gets a boundary picture, so only then are raw points kept (train, validation, test order).
        var points = data.FeatureCount != 2 ? null : new PicturePoints(
            Matrix<double>.FromRows([.. Rows(data, fit), .. Rows(data, validation.IsDefault ? [] : validation), .. Rows(test, testRows)]),
            [.. fit.Select(r => data.Labels[r]), .. (validation.IsDefault ? [] : validation).Select(r => data.Labels[r]), .. testRows.Select(r => test.Labels[r])]);
        return new(train, validation.IsDefault ? null : Part(data, validation), Part(test, testRows), scaler, train.Classes.ClassNames, points);
    }

    private static IEnumerable<double[]> Rows(Dataset data, ImmutableArray<int> rows) => rows.Select(r => data.Features.Row(r).ToArray());

    // Both scalers are affine, x′ = (x − offset) / scale, which is how the model card stores them for any reader.
    private static ScalerCard? Fit(Dataset data, ReadOnlySpan<int> rows, string scale)
    {
        switch (scale)
        {
            case "standard":
                var s = data.IsSinglePrecision ? StandardScaler.Fit(data.FeaturesIn<float>(), rows, data.FeatureNames) : StandardScaler.Fit(data.Features, rows, data.FeatureNames);
                return new ScalerCard("standard", s.Mean, s.Scale);
            case "minmax":
                var m = data.IsSinglePrecision ? MinMaxScaler.Fit(data.FeaturesIn<float>(), rows, 0, 1, data.FeatureNames) : MinMaxScaler.Fit(data.Features, rows, 0, 1, data.FeatureNames);
                var range = m.DataMin.Zip(m.DataMax, (lo, hi) => hi - lo == 0 ? 1.0 : hi - lo).ToImmutableArray();
                return new ScalerCard("minmax", m.DataMin, range);
            default:
                return null;
        }
    }
}
