using System.Collections.Immutable;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Tensors;
using FunctionalNet.Training;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// A fitted regressor as one immutable value (scikit-learn's <c>MLPRegressor</c> contract in functional form):
/// architecture, parameters in their own precision, the feature scaler, the target scaler whose inverse turns the
/// network's outputs back into target units, target and feature names, and how it was trained.
/// </summary>
public sealed partial record Regressor
{
    private Regressor(Architecture architecture, NetworkWeights weights, ScalerCard? scaler, ScalerCard? targetScaler,
        ImmutableArray<string> targetNames, ImmutableArray<string> featureNames, TrainingSummary summary)
    {
        Architecture = architecture;
        Weights = weights;
        Scaler = scaler;
        TargetScaler = targetScaler;
        TargetNames = targetNames;
        FeatureNames = featureNames.IsDefault ? [] : featureNames;
        Summary = summary;
    }

    /// <summary>The network's structure.</summary>
    public Architecture Architecture { get; }

    /// <summary>The fitted parameters, float32 or float64.</summary>
    public NetworkWeights Weights { get; }

    /// <summary>The scaler fitted on the training features, applied to every row first; null when none.</summary>
    public ScalerCard? Scaler { get; }

    /// <summary>The scaler fitted on the training targets; predictions are passed through its inverse. Null when none.</summary>
    public ScalerCard? TargetScaler { get; }

    /// <summary>One name per output.</summary>
    public ImmutableArray<string> TargetNames { get; }

    /// <summary>Feature names in input order; empty when the data had none.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>How the parameters were obtained.</summary>
    public TrainingSummary Summary { get; private init; }

    /// <summary>This model with <paramref name="summary"/> as how it was obtained (a shell adds its own metrics and the data's name).</summary>
    public Regressor WithSummary(TrainingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        // A copy of every other part (preprocessing, calibration, threshold): a new one would drop what it does not name.
        return this with { Summary = summary };
    }

    /// <summary>Number of features a row must have.</summary>
    public int Inputs => Architecture.Inputs;

    /// <summary>A regressor from its parts, checked like <see cref="Classifier.Create"/>, with one target name and (if any) one target-scaler column per output.</summary>
    public static Either<Error, Regressor> Create(Architecture architecture, NetworkWeights weights, ScalerCard? scaler, ScalerCard? targetScaler,
        ImmutableArray<string> targetNames, ImmutableArray<string> featureNames, TrainingSummary summary)
    {
        if (FittedChecks.Inputs(architecture, weights, scaler, featureNames, summary) is { } problem) return problem;
        if ((FittedChecks.Names(targetNames, architecture.Outputs, "target", optional: false) ?? FittedChecks.Scaler(targetScaler, architecture.Outputs, "target")) is { } bad)
            return bad;
        return new Regressor(architecture, weights, scaler, targetScaler, targetNames, featureNames, summary);
    }

    /// <summary>
    /// The regressor a training run produced: <paramref name="iterate"/>'s parameters, the target and feature names
    /// of the raw <paramref name="training"/> set, and the scalers fitted on its features and on its targets (the
    /// network was trained to predict <paramref name="targetScaler"/>'s output).
    /// </summary>
    public static Either<Error, Regressor> From<T>(TrainingIterate<T> iterate, Architecture architecture, Dataset training,
        IFeatureTransform? scaler = null, IFeatureTransform? targetScaler = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(iterate);
        ArgumentNullException.ThrowIfNull(training);
        if (training.Targets is not ValueTargets { IsMultiLabel: false } targets)
            return new Error("model.task", $"a regressor is fitted on real-valued targets, found {training.Targets.GetType().Name}");
        return
            from weights in NetworkWeights.Of(iterate.Parameters)
            from regressor in Create(architecture, weights, scaler is null ? null : ScalerCard.From(scaler),
                targetScaler is null ? null : ScalerCard.From(targetScaler), targets.Names, training.GivenFeatureNames, TrainingSummary.Of(iterate))
            select regressor;
    }

    /// <summary>
    /// Fits a regressor to the raw rows of <paramref name="train"/> in one call, as <see cref="Classifier.Fit(Dataset, MlpOptions?, Classifier?, FitControls?)"/> does a
    /// classifier: the feature scaler and the target standardisation are fitted on the training rows and kept inside
    /// the model, so <see cref="Predict(Matrix{double})"/> takes raw rows and answers in target units. With <paramref name="warmStart"/>
    /// the fit continues from that model's parameters and scalers on new data with the same features and targets.
    /// </summary>
    /// <param name="train">Raw features with real-valued targets.</param>
    /// <param name="options">What to build and how to train; <see cref="MlpOptions.RegressionDefault"/> when null.</param>
    /// <param name="warmStart">A fitted regressor to continue from, or null.</param>
    /// <param name="controls">Cancellation, threads and progress; none when null.</param>
    public static Validation<Error, Regressor> Fit(Dataset train, MlpOptions? options = null, Regressor? warmStart = null, FitControls? controls = null) =>
        Planning.Fit(options ?? MlpOptions.RegressionDefault, controls, (o, c) => Plan<double>(train, o, warmStart, c), (o, c) => Plan<float>(train, o, warmStart, c));

    /// <summary>The fit <see cref="Fit(Dataset, MlpOptions?, Regressor?, FitControls?)"/> runs, laid out without training (see <see cref="FitPlan{T, TModel}"/>).</summary>
    public static Validation<Error, FitPlan<T, Regressor>> Plan<T>(Dataset train, MlpOptions? options = null, Regressor? warmStart = null, FitControls? controls = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Targets is not ValueTargets { IsMultiLabel: false } targets)
            return Prelude.Fail<Error, FitPlan<T, Regressor>>(new Error("fit.task", $"a regressor is fitted on real-valued targets, found {train.Targets.GetType().Name}"));
        if (warmStart is not null && (train.FeatureCount != warmStart.Inputs || targets.Names.Length != warmStart.Architecture.Outputs))
            return Prelude.Fail<Error, FitPlan<T, Regressor>>(new Error("fit.shape",
                $"fit: the model takes {warmStart.Inputs} features and predicts {warmStart.Architecture.Outputs} targets, the data has {train.FeatureCount} and {targets.Names.Length}"));
        return
            from valid in (options ?? MlpOptions.RegressionDefault).Validate()
            from plan in Planning.Create<T, Regressor>(train, valid, controls ?? FitControls.None,
                warmStart is null ? null : new WarmStart(warmStart.Architecture, warmStart.Weights, warmStart.Scaler, warmStart.TargetScaler),
                targets.Names.Length,
                (p, kept, last) =>
                    from weights in Planning.Weights(p.Options, kept)
                    from regressor in Create(p.Architecture, weights, p.Scaler, p.TargetScaler, targets.Names, train.GivenFeatureNames, Planning.Summary(p, kept, last, []))
                    select regressor)
            select plan;
    }

    /// <summary>[m × targets] predictions for raw rows, in target units (scikit-learn's <c>predict</c>).</summary>
    public Matrix<double> Predict(Matrix<double> features)
    {
        FittedChecks.Rows(features, Inputs, FeatureNames);
        var outputs = Weights.Outputs(Architecture, Scaler?.Apply(features) ?? features);
        return TargetScaler?.Invert(outputs) ?? outputs;
    }

    /// <summary>R² of the predictions for raw rows against <paramref name="targets"/>, averaged uniformly over outputs (scikit-learn's <c>score</c>).</summary>
    public double Score(Matrix<double> features, Matrix<double> targets) => RegressionMetrics.R2(targets, Predict(features));

    /// <summary>R² on a raw regression data set.</summary>
    public double Score(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Score(data.Features, data.Targets.ToMatrix());
    }
}
