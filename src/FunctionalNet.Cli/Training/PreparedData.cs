using System.Collections.Immutable;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The training, validation and test parts of a run (raw features and targets), the scaler fitted on the training
/// part, and for a regression the standardisation of its targets, also fitted on the training part.
/// </summary>
internal sealed record PreparedData(Dataset Train, Dataset? Validation, Dataset Test, ScalerCard? Scaler, ImmutableArray<string> Classes,
    ScalerCard? TargetScaler = null)
{
    public static PreparedData Create(Dataset train, Dataset? validation, Dataset test, string scale) =>
        train.Targets is ValueTargets values
            ? new(train, validation, test, Fit(train, scale), [], Standardising(values))
            : new(train, validation, test, Fit(train, scale), train.Classes.ClassNames);

    /// <summary>The class weights multiplied into the training and validation parts' weights (by label); default when none.</summary>
    public ImmutableArray<double> ClassWeights { get; init; }

    /// <summary>True when the targets are real values.</summary>
    public bool IsRegression => Train.Targets is ValueTargets;

    /// <summary>The regression's target names; empty for a classification.</summary>
    public ImmutableArray<string> TargetNames => Train.Targets is ValueTargets v ? v.Names : [];

    /// <summary>The network's output width: one unit per class or per target.</summary>
    public int Outputs => IsRegression ? TargetNames.Length : Classes.Length;

    /// <summary>Features (and regression targets) as the network sees them.</summary>
    public Dataset Scaled(Dataset data)
    {
        var features = Scaler is null ? data.Features : Scaler.Apply(data.Features);
        return data.Targets is ValueTargets v && TargetScaler is not null
            ? new Dataset(features, new ValueTargets(TargetScaler.Apply(v.Values), v.Names, false), data.FeatureNames).WithWeights(data.Weights)
            : data.WithFeatures(features);
    }

    /// <summary>
    /// Targets standardised on the training part, as scikit-learn's TransformedTargetRegressor with a StandardScaler:
    /// the squared error then weighs targets of different units alike, and the output layer starts near their scale.
    /// </summary>
    public static ScalerCard Standardising(ValueTargets targets) => ScalerCard.From(StandardScaler.Fit(targets.Values, targets.Names));

    // Both scalers are affine, x′ = (x − offset) / scale, which is how the model card stores them for any reader.
    private static ScalerCard? Fit(Dataset train, string scale) => scale switch
    {
        "standard" => ScalerCard.From(StandardScaler.Fit(train)),
        "minmax" => ScalerCard.From(MinMaxScaler.Fit(train)),
        _ => null,
    };
}
