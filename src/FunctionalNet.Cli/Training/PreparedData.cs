using System.Collections.Immutable;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;

namespace FunctionalNet.Cli.Training;

/// <summary>The training, validation and test parts of a run (raw features) and the scaler fitted on the training part.</summary>
internal sealed record PreparedData(Dataset Train, Dataset? Validation, Dataset Test, ScalerCard? Scaler, ImmutableArray<string> Classes)
{
    public static PreparedData Create(Dataset train, Dataset? validation, Dataset test, string scale) =>
        new(train, validation, test, Fit(train, scale), train.Classes.ClassNames);

    /// <summary>The class weights multiplied into the training and validation parts' weights (by label); default when none.</summary>
    public ImmutableArray<double> ClassWeights { get; init; }

    /// <summary>Features as the network sees them.</summary>
    public Dataset Scaled(Dataset data) => Scaler is null ? data : data.WithFeatures(Scaler.Apply(data.Features));

    // Both scalers are affine, x′ = (x − offset) / scale, which is how the model card stores them for any reader.
    private static ScalerCard? Fit(Dataset train, string scale)
    {
        switch (scale)
        {
            case "standard":
                var s = StandardScaler.Fit(train);
                return new ScalerCard("standard", s.Mean, s.Scale);
            case "minmax":
                var m = MinMaxScaler.Fit(train);
                var range = m.DataMin.Zip(m.DataMax, (lo, hi) => hi - lo == 0 ? 1.0 : hi - lo).ToImmutableArray();
                return new ScalerCard("minmax", m.DataMin, range);
            default:
                return null;
        }
    }
}
