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
            ? new(train, validation, test, warm is null ? Scaling.Fit(train, scale) : warm.Card.Preprocessing.Scaler, [],
                warm is null ? Scaling.Standardising(values) : warm.Card.Preprocessing.TargetScaler)
            : new(train, validation, test, warm is null ? Scaling.Fit(train, scale) : warm.Card.Preprocessing.Scaler, train.Classes.ClassNames);

    /// <summary>The preprocessing fitted on a raw table's training rows, saved in the card; null for numeric data.</summary>
    public TablePreprocessing? Table { get; init; }

    /// <summary>One line saying what the table's preprocessing inferred, or null.</summary>
    public string? TableNote { get; init; }

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
        return Scaling.Scaled(data, Scaler, TargetScaler);
    }


}
