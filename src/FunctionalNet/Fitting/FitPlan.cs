using System.Numerics;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// A fit laid out before anything trains, for people composing their own pipelines: the architecture, the prepared
/// (scaled, weighted) training and validation batches, the scalers the model will hold, the start, the engine's options
/// and rule or minimizer, a lazy <see cref="Trace"/> of <see cref="TrainingIterate{T}"/>s (the engine's own, <c>Train.Fit</c>
/// or <c>Train.Minimize</c>), and <see cref="Model"/>, which turns an iterate into the fitted model.
/// <c>Classifier.Fit</c>, <c>Regressor.Fit</c> and <c>MultiLabelClassifier.Fit</c> are plan → trace → kept iterate → model.
/// </summary>
/// <typeparam name="T">The trace's precision: float for float32 first-order fits, double otherwise (minimizers compute in double).</typeparam>
/// <typeparam name="TModel">The fitted value (Classifier, Regressor or MultiLabelClassifier).</typeparam>
public sealed class FitPlan<T, TModel> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Func<int, TrainingOptions> training;
    private readonly Func<FitPlan<T, TModel>, TrainingIterate<T>, TrainingIterate<T>, Either<Error, TModel>> model;

    internal FitPlan(MlpOptions options, Architecture architecture, Batch<T> train, Batch<T>? validation, ScalerCard? scaler, ScalerCard? targetScaler,
        TrainingStart<T> start, UpdateRule? rule, Minimizer? minimizer, Func<int, TrainingOptions> training,
        Func<FitPlan<T, TModel>, TrainingIterate<T>, TrainingIterate<T>, Either<Error, TModel>> model)
    {
        Options = options;
        Architecture = architecture;
        Train = train;
        Validation = validation;
        Scaler = scaler;
        TargetScaler = targetScaler;
        Start = start;
        Rule = rule;
        Minimizer = minimizer;
        this.training = training;
        this.model = model;
    }

    /// <summary>The validated options.</summary>
    public MlpOptions Options { get; }

    /// <summary>The network.</summary>
    public Architecture Architecture { get; }

    /// <summary>The training rows as the network sees them: scaled, class-weighted, targets encoded.</summary>
    public Batch<T> Train { get; }

    /// <summary>The held-out rows (<see cref="MlpOptions.ValidationFraction"/>), prepared alike; null without validation.</summary>
    public Batch<T>? Validation { get; }

    /// <summary>The feature scaler fitted on the training rows (or the warm-started model's); null for none.</summary>
    public ScalerCard? Scaler { get; }

    /// <summary>A regressor's target standardisation; null for a classifier of either kind.</summary>
    public ScalerCard? TargetScaler { get; }

    /// <summary>θ₀: fresh from the initializer and seed, or the warm-started model's parameters, with a fresh monitor.</summary>
    public TrainingStart<T> Start { get; }

    /// <summary>The first-order rule (learning rate scheduled per epoch, clipping chained first); null for a minimizer.</summary>
    public UpdateRule? Rule { get; }

    /// <summary>The line-search minimizer; null for a rule.</summary>
    public Minimizer? Minimizer { get; }

    /// <summary>The engine's options for a run from <paramref name="start"/> (the budget counts from its epoch).</summary>
    public TrainingOptions TrainingOptions(TrainingStart<T>? start = null) => training((start ?? Start).Epoch);

    /// <summary>True when the fit keeps the best epoch (validation, or <see cref="MlpOptions.RestoreBest"/>) rather than the last.</summary>
    public bool KeepsBest => Validation is not null || Options.RestoreBest;

    /// <summary>
    /// The lazy trace from <see cref="Start"/>, or from <paramref name="from"/> (a checkpoint of this same run:
    /// <see cref="TrainingStart{T}.ContinueFrom"/>); a minimizer records its resumable state every
    /// <paramref name="statesEvery"/> iterations. Nothing runs until it is enumerated.
    /// </summary>
    public Validation<Error, IEnumerable<TrainingIterate<T>>> Trace(TrainingStart<T>? from = null, int statesEvery = 0)
    {
        var start = from ?? Start;
        var options = TrainingOptions(start);
        if (Minimizer is { } m)
            return (Train, Validation, start) is (Batch<double> train, var validation, TrainingStart<double> s)
                ? MinimizerTrace.As<T>(Architecture, train, (Batch<double>?)(object?)validation, m, s, options, statesEvery)
                : Prelude.Fail<Error, IEnumerable<TrainingIterate<T>>>(new Error("fit.precision", $"{Options.Optimizer.Name} computes in double; plan the fit in double"));
        return FirstOrder(Architecture, Train, Rule!, start, options, Validation);
    }

    private static Validation<Error, IEnumerable<TrainingIterate<TP>>> FirstOrder<TP>(Architecture architecture, Batch<TP> data, UpdateRule rule, TrainingStart<TP> start,
        TrainingOptions options, Batch<TP>? validation) where TP : unmanaged, IFloatingPointIeee754<TP> =>
        FunctionalNet.Training.Train.Fit(architecture, data, rule, start, options, validation);

    /// <summary>The iterate a fit keeps from a run whose last iterate is <paramref name="last"/>: the best or the last.</summary>
    public TrainingIterate<T> Kept(TrainingIterate<T> last) => KeepsBest ? TrainingSequences.Restored(last) : last;

    /// <summary>The class weights multiplied into the rows' weights (by label), when asked for; default otherwise.</summary>
    public System.Collections.Immutable.ImmutableArray<double> ClassWeights { get; init; }

    /// <summary>What the options ask the engine for: batching, rule or minimizer, plateau policy and dropout.</summary>
    public required EnginePlan Engine { get; init; }

    /// <summary>The training rows as the network sees them, before they became <see cref="Train"/>: scaled, class-weighted, in their stored precision.</summary>
    public required Dataset TrainRows { get; init; }

    /// <summary>The validation rows prepared alike (<see cref="Validation"/>'s data set); null without validation.</summary>
    public Dataset? ValidationRows { get; init; }

    /// <summary>The validation rows as given (class-weighted, not scaled): what a fitted model, which scales its input, is tuned on; null without validation.</summary>
    public Dataset? RawValidationRows { get; init; }

    /// <summary>The fitted model holding <paramref name="kept"/>'s parameters; <paramref name="last"/> tells how the run ended.</summary>
    public Either<Error, TModel> Model(TrainingIterate<T> kept, TrainingIterate<T> last) => model(this, kept, last);
}

internal static class MinimizerTrace
{
    // The minimizers' trace is in double; T is double whenever a minimizer is planned.
    public static Validation<Error, IEnumerable<TrainingIterate<T>>> As<T>(Architecture architecture, Batch<double> train, Batch<double>? validation,
        Minimizer minimizer, TrainingStart<double> start, TrainingOptions options, int statesEvery) where T : unmanaged, IFloatingPointIeee754<T> =>
        Train.Minimize(architecture, train, minimizer, start, options, validation, statesEvery).Map(t => (IEnumerable<TrainingIterate<T>>)t);
}
