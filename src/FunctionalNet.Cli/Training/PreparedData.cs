using System.Collections.Immutable;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The training, validation and test parts of a run (raw features and targets, or already scaled once
/// <see cref="ScaledParts"/> has run), the scaler fitted on the training part, and for a regression the
/// standardisation of its targets, also fitted on the training part.
/// </summary>
internal sealed record PreparedData(Dataset Train, Dataset? Validation, Dataset Test, ScalerCard? Scaler, ImmutableArray<string> Classes,
    ScalerCard? TargetScaler = null)
{
    /// <summary>The parts with their scalers: fitted on the training part, or a warm-started model's own (<c>--init-from</c>).</summary>
    public static PreparedData Create(Dataset train, Dataset? validation, Dataset test, string scale, StoredModel? warm = null) =>
        train.Targets is ValueTargets values
            ? new(train, validation, test, warm is null ? Fit(train, scale) : warm.Card.Preprocessing.Scaler, [],
                warm is null ? Standardising(values) : warm.Card.Preprocessing.TargetScaler)
            : new(train, validation, test, warm is null ? Fit(train, scale) : warm.Card.Preprocessing.Scaler, train.Classes.ClassNames);

    /// <summary>True when the parts hold features as the network sees them (<see cref="ScaledParts"/>).</summary>
    public bool PartsScaled { get; private init; }

    /// <summary>
    /// The same run with its parts scaled once and the raw ones released, so a large table is held once rather than
    /// twice while it trains (<c>fnet train</c>; a sweep re-splits raw folds). A classification of more than two
    /// features only: the boundary picture draws raw 2-feature points, and a regression scores raw targets.
    /// </summary>
    public PreparedData ScaledParts()
    {
        if (PartsScaled || IsRegression || Train.FeatureCount <= 2) return this;
        var scaled = this with { Train = Scaled(Train), Validation = Validation is { } v ? Scaled(v) : null, Test = Scaled(Test) };
        return scaled with { PartsScaled = true };
    }

    /// <summary>The class weights multiplied into the training and validation parts' weights (by label); default when none.</summary>
    public ImmutableArray<double> ClassWeights { get; init; }

    /// <summary>True when the targets are real values.</summary>
    public bool IsRegression => Train.Targets is ValueTargets;

    /// <summary>The regression's target names; empty for a classification.</summary>
    public ImmutableArray<string> TargetNames => Train.Targets is ValueTargets v ? v.Names : [];

    /// <summary>The network's output width: one unit per class or per target.</summary>
    public int Outputs => IsRegression ? TargetNames.Length : Classes.Length;

    /// <summary>
    /// Features (and regression targets) as the network sees them: gathered and scaled in one copy, in the stored
    /// precision (float data stays 4 bytes a value), weights carried.
    /// </summary>
    public Dataset Scaled(Dataset data)
    {
        if (PartsScaled) return data;
        var scaled = Scaler is null ? data : data.SelectRows(Enumerable.Range(0, data.Count).ToArray(), Scaler.Offset, Scaler.Scale);
        if (scaled.Targets is not ValueTargets v || TargetScaler is null) return scaled;
        var targets = new ValueTargets(TargetScaler.Apply(v.Values), v.Names, false);
        return (scaled.IsSinglePrecision ? Dataset.Stored(scaled.FeaturesIn<float>(), targets, data.FeatureNames) : new Dataset(scaled.Features, targets, data.FeatureNames))
            .WithWeights(data.Weights);
    }

    /// <summary>
    /// Targets standardised on the training part, as scikit-learn's TransformedTargetRegressor with a StandardScaler:
    /// the squared error then weighs targets of different units alike, and the output layer starts near their scale.
    /// </summary>
    public static ScalerCard Standardising(ValueTargets targets) => ScalerCard.From(StandardScaler.Fit(targets.Values, targets.Names));

    // Both scalers are affine, x′ = (x − offset) / scale, which is how the model card stores them for any reader.
    // Fitted over the stored rows (float data is not widened to a double copy for it).
    private static ScalerCard? Fit(Dataset train, string scale)
    {
        var rows = Enumerable.Range(0, train.Count).ToArray();
        return scale switch
        {
            "standard" => ScalerCard.From(train.IsSinglePrecision
                ? StandardScaler.Fit(train.FeaturesIn<float>(), rows, train.FeatureNames)
                : StandardScaler.Fit(train.Features, rows, train.FeatureNames)),
            "minmax" => ScalerCard.From(train.IsSinglePrecision
                ? MinMaxScaler.Fit(train.FeaturesIn<float>(), rows, 0, 1, train.FeatureNames)
                : MinMaxScaler.Fit(train.Features, rows, 0, 1, train.FeatureNames)),
            _ => null,
        };
    }
}
