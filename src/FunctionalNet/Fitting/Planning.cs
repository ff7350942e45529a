using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Training;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet;

/// <summary>What a warm start keeps from a fitted model: its network, parameters and preprocessing.</summary>
internal sealed record WarmStart(Architecture Architecture, NetworkWeights Weights, ScalerCard? Scaler, ScalerCard? TargetScaler);

/// <summary>
/// The steps from a raw data set and validated options to a <see cref="FitPlan{T, TModel}"/>, and the one run from a
/// plan to a model. The seed's key is forked as <c>fnet train</c> always has: 2 for the validation split, 3 for the
/// initial weights, 4 for the engine (shuffles, dropout).
/// </summary>
internal static class Planning
{
    public static Validation<Error, FitPlan<T, TModel>> Create<T, TModel>(Dataset data, MlpOptions o, FitControls controls, WarmStart? warm, int outputs,
        Func<FitPlan<T, TModel>, TrainingIterate<T>, TrainingIterate<T>, Either<Error, TModel>> model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool regression = data.Targets is ValueTargets { IsMultiLabel: false };
        if (typeof(T) != (o.TracesInDouble ? typeof(double) : typeof(float)))
            return Fail<Error, FitPlan<T, TModel>>(new Error("fit.precision",
                $"fit: {o.Optimizer.Name} in {o.Dtype} traces in {(o.TracesInDouble ? "double" : "float")}, not {typeof(T).Name}"));
        var rng = Rng.Create(o.Seed);
        return
            from parts in Parts(data, o, rng)
            from weighted in ClassWeighted(parts.Fit, parts.Validation, o)
            from arch in warm is null ? o.Architecture(data.FeatureCount, outputs, regression) : Success<Error, Architecture>(warm.Architecture)
            from plan in Assemble(weighted.Fit, weighted.Validation, weighted.Weights, o, controls, warm, arch, rng, model)
            select plan;
    }

    private static Validation<Error, FitPlan<T, TModel>> Assemble<T, TModel>(Dataset fit, Dataset? validation, ImmutableArray<double> classWeights, MlpOptions o,
        FitControls controls, WarmStart? warm, Architecture arch, Rng rng, Func<FitPlan<T, TModel>, TrainingIterate<T>, TrainingIterate<T>, Either<Error, TModel>> model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scaler = warm is null ? Scaling.Fit(fit, o.Scaler) : warm.Scaler;
        var targetScaler = fit.Targets is ValueTargets { IsMultiLabel: false } v ? warm?.TargetScaler ?? Scaling.Standardising(v) : null;
        var scaledFit = Scaling.Scaled(fit, scaler, targetScaler);
        var scaledValidation = validation is null ? null : Scaling.Scaled(validation, scaler, targetScaler);
        var train = scaledFit.ToBatch<T>(arch);
        var held = scaledValidation?.ToBatch<T>(arch);
        var start = new TrainingStart<T>(warm is null ? o.Initializer.Initialize<T>(arch, rng.Fork(3)) : WarmParameters<T>(warm.Weights));
        return EnginePlan.Create(o, fit.Count).Map(engine => new FitPlan<T, TModel>(o, arch, train, held, scaler, targetScaler, start, engine.Rule, engine.Minimizer,
            startEpoch => engine.TrainingOptions(startEpoch, controls).Match(t => t, e => throw new InvalidOperationException(e.Head.Message)), model)
        {
            ClassWeights = classWeights,
            Engine = engine,
            TrainRows = scaledFit,
            ValidationRows = scaledValidation,
            RawValidationRows = validation,
        });
    }

    private static Parameters<T> WarmParameters<T>(NetworkWeights weights) where T : unmanaged, IFloatingPointIeee754<T> => weights switch
    {
        NetworkWeights.F32 s => s.Parameters.Convert<T>(),
        NetworkWeights.F64 d => d.Parameters.Convert<T>(),
        _ => throw new InvalidOperationException("unknown weights"),
    };

    // A validation part stratified by class (at random for real-valued targets), from fork 2 of the seed.
    private static Validation<Error, (Dataset Fit, Dataset? Validation)> Parts(Dataset data, MlpOptions o, Rng rng)
    {
        if (data.Count == 0) return Fail<Error, (Dataset, Dataset?)>(new Error("fit.empty", "fit: the training set has no rows"));
        if (o.ValidationFraction == 0) return Success<Error, (Dataset, Dataset?)>((data, null));
        double taken = Math.Ceiling(o.ValidationFraction * data.Count);
        if (taken < 1 || taken > data.Count - 1)
            return Fail<Error, (Dataset, Dataset?)>(new Error("fit.validation-fraction", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"fit: a validation fraction of {o.ValidationFraction} of {data.Count} rows leaves {data.Count - taken} for training and {taken} for validation; each needs at least one row")));
        var (fit, validation) = Split.TrainTest(data, o.ValidationFraction, rng.Fork(2), stratify: data.Targets is ClassTargets);
        return Success<Error, (Dataset, Dataset?)>((fit, validation));
    }

    // scikit-learn computes 'balanced' on the y given to fit: here the training part.
    private static Validation<Error, (Dataset Fit, Dataset? Validation, ImmutableArray<double> Weights)> ClassWeighted(Dataset fit, Dataset? validation, MlpOptions o)
    {
        if (!o.BalanceClasses && o.ClassWeights is null) return Success<Error, (Dataset, Dataset?, ImmutableArray<double>)>((fit, validation, default));
        if (fit.Targets is not ClassTargets targets)
            return Fail<Error, (Dataset, Dataset?, ImmutableArray<double>)>(new Error("fit.class-weights", "fit: class weights need class labels, and the targets are real values"));
        var weights = o.BalanceClasses ? ClassWeights.Balanced(targets) : ClassWeights.Explicit(targets, o.ClassWeights!);
        // No validation part is an Option, not a null Right: LanguageExt refuses a null right value at run time.
        var result =
            from w in weights
            from f in ClassWeights.Apply(fit, w)
            // An Either holds no null (LanguageExt throws), so no validation part is an empty Option until the end.
            from v in validation is null ? Right<Error, Option<Dataset>>(None) : ClassWeights.Apply(validation, w).Map(Some)
            select (f, v.IfNoneUnsafe((Dataset?)null), w);
        return result.Match(r => Success<Error, (Dataset, Dataset?, ImmutableArray<double>)>(r), e => Fail<Error, (Dataset, Dataset?, ImmutableArray<double>)>(e));
    }

    /// <summary>
    /// The one fit of <c>Classifier.Fit</c> and <c>Regressor.Fit</c>: the options validated, planned in the precision
    /// they trace in (<paramref name="inDouble"/> or <paramref name="inFloat"/>) and run.
    /// </summary>
    public static Validation<Error, TModel> Fit<TModel>(MlpOptions options, FitControls? controls,
        Func<MlpOptions, FitControls, Validation<Error, FitPlan<double, TModel>>> inDouble, Func<MlpOptions, FitControls, Validation<Error, FitPlan<float, TModel>>> inFloat)
    {
        var c = controls ?? FitControls.None;
        return options.Validate().Bind(o => o.TracesInDouble ? inDouble(o, c).Bind(plan => Run(plan, c)) : inFloat(o, c).Bind(plan => Run(plan, c)));
    }

    /// <summary>
    /// Runs <paramref name="plan"/>'s trace to its end, reporting each epoch, and returns the model holding the kept
    /// iterate. A run stopped before its first epoch, or one that diverged, is an error: neither has a model worth keeping.
    /// </summary>
    public static Validation<Error, TModel> Run<T, TModel>(FitPlan<T, TModel> plan, FitControls controls) where T : unmanaged, IFloatingPointIeee754<T> =>
        plan.Trace().Bind(trace =>
        {
            TrainingIterate<T>? last = null;
            foreach (var it in trace)
            {
                // The start, and an interrupted or diverged run's repeat of its last iterate, finish no epoch.
                if (last is not null && it.Epoch > last.Epoch)
                    controls.Progress?.Invoke(new FitProgress(it.Epoch, plan.Options.Epochs, it.TrainingCost, it.ValidationCost));
                last = it;
            }
            if (last is null || (last.Stop?.Kind == StopKind.Interrupted && last.Epoch == plan.Start.Epoch))
                return Fail<Error, TModel>(new Error("fit.interrupted", "fit: cancelled before the first epoch finished"));
            if (last.Stop?.Kind == StopKind.Diverged)
                return Fail<Error, TModel>(new Error("fit.diverged", "fit: " + last.Stop.Message));
            return plan.Model(plan.Kept(last), last).Match(Success<Error, TModel>, Fail<Error, TModel>);
        });

    /// <summary>The summary a fitted model carries: the kept iterate's, with the training section recording the options.</summary>
    public static TrainingSummary Summary<T, TModel>(FitPlan<T, TModel> plan, TrainingIterate<T> kept, TrainingIterate<T> last, ImmutableArray<string> classes)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        TrainingSummary.Of(kept) with
        {
            Training = TrainingCard.Of(plan.Options, "", last.Epoch - plan.Start.Epoch, last.Stop?.Message ?? "the trace ended").WithClassWeights(plan.ClassWeights, classes),
        };

    /// <summary>The kept parameters in the options' precision (a minimizer's double result is stored in float32 when asked).</summary>
    public static Either<Error, NetworkWeights> Weights<T>(MlpOptions o, TrainingIterate<T> kept) where T : unmanaged, IFloatingPointIeee754<T> =>
        o.SinglePrecision && typeof(T) != typeof(float) ? NetworkWeights.Of(kept.Parameters.Convert<float>()) : NetworkWeights.Of(kept.Parameters);
}
