using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;

namespace FunctionalNet;

/// <summary>
/// The preprocessing a fit holds: the feature scaler fitted on the training rows, and rows as the network sees them
/// (features and a regression's targets scaled in one gathered copy). Shared by <c>Classifier.Fit</c> and <c>fnet train</c>.
/// </summary>
public static class Scaling
{
    /// <summary>
    /// The scaler <paramref name="scale"/> names (<c>standard</c>, <c>minmax</c>; null for <c>none</c>) fitted on
    /// <paramref name="train"/>'s stored rows (float data is not widened for it), as the affine x′ = (x − offset) / scale a card stores.
    /// </summary>
    public static ScalerCard? Fit(Dataset train, string scale)
    {
        ArgumentNullException.ThrowIfNull(train);
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

    /// <summary>Features (and regression targets) as the network sees them, gathered and scaled in one copy, weights carried.</summary>
    public static Dataset Scaled(Dataset data, ScalerCard? scaler, ScalerCard? targetScaler)
    {
        ArgumentNullException.ThrowIfNull(data);
        var scaled = scaler is null ? data : data.SelectRows(Enumerable.Range(0, data.Count).ToArray(), scaler.Offset, scaler.Scale);
        if (scaled.Targets is not ValueTargets v || targetScaler is null) return scaled;
        var targets = new ValueTargets(targetScaler.Apply(v.Values), v.Names, false);
        return (scaled.IsSinglePrecision ? Dataset.Stored(scaled.FeaturesIn<float>(), targets, data.GivenFeatureNames) : new Dataset(scaled.Features, targets, data.GivenFeatureNames))
            .WithWeights(data.Weights);
    }

    /// <summary>
    /// Targets standardised on the training rows, as scikit-learn's TransformedTargetRegressor with a StandardScaler:
    /// the squared error then weighs targets of different units alike, and the output layer starts near their scale.
    /// </summary>
    public static ScalerCard Standardising(ValueTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return ScalerCard.From(StandardScaler.Fit(targets.Values, targets.Names));
    }
}
