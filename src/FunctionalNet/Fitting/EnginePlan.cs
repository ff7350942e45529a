using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet;

/// <summary>
/// What the options ask the engine for, independent of the data's values: the batching for a training set of a given
/// size, the first-order rule (its learning rate scheduled per epoch, clipping chained first) or the line-search
/// minimizer, the plateau policy and dropout — and the engine's <see cref="Training.TrainingOptions"/> for a run from
/// any epoch. The engine's key is fork 4 of the seed's.
/// </summary>
/// <param name="Options">The validated options.</param>
/// <param name="Batching">How each epoch draws its rows.</param>
/// <param name="Rule">The rule; null for a minimizer.</param>
/// <param name="Minimizer">The minimizer; null for a rule.</param>
/// <param name="Plateau">Reduce-on-plateau, when the schedule is <c>plateau</c>.</param>
/// <param name="Dropout">Dropout on the hidden layers, or null.</param>
public sealed record EnginePlan(MlpOptions Options, Batching Batching, UpdateRule? Rule, Minimizer? Minimizer, PlateauPolicy? Plateau, Dropout? Dropout)
{
    /// <summary>The engine plan of <paramref name="options"/> for <paramref name="rows"/> training rows, or every problem.</summary>
    public static Validation<Error, EnginePlan> Create(MlpOptions options, int rows)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Validate().Bind(o =>
        {
            var batching = o.WithReplacement ? Batching.WithReplacement() : o.BatchFor(rows) is > 0 and var b ? Batching.Shuffled(b) : Batching.Full;
            int stepsPerEpoch = batching switch
            {
                Batching.ShuffledBatches s => (rows + s.Size - 1) / s.Size,
                Batching.SamplesWithReplacement r => r.StepsPerEpoch ?? rows,
                _ => 1,
            };
            var entry = o.OptimizerEntry;
            return
                from schedule in o.EpochSchedule
                let plateau = Optional(schedule.Plateau)
                from dropout in o.Dropout.IsDefaultOrEmpty ? Success<Error, Option<Dropout>>(None) : Training.Dropout.Create(o.Dropout).Map(Some)
                from rule in entry.Rule is null ? Success<Error, Option<UpdateRule>>(None) : BuildRule(o, entry, schedule, stepsPerEpoch).Map(Some)
                from minimizer in entry.Minimizer is { } m ? m(o.Epochs).Map(Some) : Success<Error, Option<Minimizer>>(None)
                let plan = new EnginePlan(o, batching, rule.IfNoneUnsafe((UpdateRule?)null), minimizer.IfNoneUnsafe((Minimizer?)null),
                    plateau.IfNoneUnsafe((PlateauPolicy?)null), dropout.IfNoneUnsafe((Dropout?)null))
                from _ in plan.TrainingOptions(0, FitControls.None)
                select plan;
        });
    }

    /// <summary>The engine's options for a run from epoch <paramref name="startEpoch"/> (the budget counts from there).</summary>
    public Validation<Error, TrainingOptions> TrainingOptions(int startEpoch, FitControls controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        var o = Options;
        return Training.TrainingOptions.Create(maxEpochs: Math.Max(1, o.Epochs - startEpoch), batching: Batching, rng: Rng.Create(o.Seed).Fork(4),
            patience: o.Patience, tolerance: o.Tolerance, epochCost: o.EpochCost == "exact" ? EpochCost.Exact : EpochCost.RunningMean,
            plateau: Plateau, parallelism: controls.Parallelism, dropout: Dropout, slots: o.Slots, exchange: controls.Exchange,
            cancellation: controls.Cancellation, kernels: o.Kernels == "exact" ? KernelChoice.Exact : KernelChoice.Fast,
            sharded: o.Sharded && Batching is Batching.ShuffledBatches, reportEvery: o.HistoryEvery);
    }

    // The optimizer's rule at its (scheduled) rate, after clipping by norm and then by value when asked.
    private static Validation<Error, UpdateRule> BuildRule(MlpOptions o, OptimizerEntry entry, EpochSchedule schedule, int stepsPerEpoch)
    {
        double lr = entry.DefaultLearningRate is null ? 0 : entry.Value(o.Optimizer.Parameters, Catalog.LearningRate);
        // A constant rate stays a number, not a schedule: the engine folds it into its step as it always has.
        var rate = schedule.Name is "constant" or "plateau" || lr == 0
            ? Success<Error, LearningRate>(lr)
            : schedule.ToSchedule(lr, stepsPerEpoch, o.Epochs).Map(LearningRate.FromSchedule);
        return
            from r in rate
            from rule in entry.CreateRule(o.Optimizer.Parameters, r)
            from clipNorm in o.ClipNorm is { } n ? Rules.ClipByGlobalNorm(n).Map(Some) : Success<Error, Option<UpdateRule>>(None)
            from clipValue in o.ClipValue is { } v ? Rules.ClipByValue(v).Map(Some) : Success<Error, Option<UpdateRule>>(None)
            select clipNorm.IsNone && clipValue.IsNone ? rule : Rules.Chain([.. clipNorm, .. clipValue, rule]);
    }
}
