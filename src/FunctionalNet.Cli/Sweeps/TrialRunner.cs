using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Cli.Commands;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Training;
using FunctionalNet.Data;
using FunctionalNet.Evaluation;
using FunctionalNet.Optimization;
using FunctionalNet.Randomness;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// Runs one trial: the configuration's settings trained by <c>fnet train</c>'s own path on the fold's training rows
/// (less a validation part with --validation-split, for early stopping), scaled by a scaler fitted on them, and scored
/// on the fold's held-out rows. A pure function of the plan and the trial index, whatever runs beside it.
/// </summary>
internal static class TrialRunner
{
    /// <summary>The trial's record (without wall time), or null when Ctrl+C stopped it before it finished.</summary>
    public static LanguageExt.Either<CliError, TrialRecord?> Run(SweepPlan plan, int trial, Terminal terminal, Parallelism threads)
    {
        var (c, fold) = plan.Trial(trial);
        var folds = c.Folds[fold];
        var s = c.Settings;
        var parts = new LoadedData(c.Data.SelectRows(folds.Train.AsSpan()), c.Data.SelectRows(folds.Test.AsSpan()));
        return
            from data in TrainingData.Split(s, parts, Rng.Create(s.Seed))
            from p in TrainingPlan.Create(s, data.Train.Count, c.Architecture)
            from scored in s.Float32 ? Score<float>(c, p, data, terminal, threads) : Score<double>(c, p, data, terminal, threads)
            select scored is null ? null : new TrialRecord(plan.Id, trial, plan.TrialCount, c.Configuration.Values, fold, plan.FoldCount, s.Seed,
                scored.Value.Metrics, scored.Value.Epochs, scored.Value.KeptEpoch, Kebab(scored.Value.Stop));
    }

    private static LanguageExt.Either<CliError, (ImmutableSortedDictionary<string, double?> Metrics, int Epochs, int KeptEpoch, StopKind Stop)?> Score<T>(
        ResolvedConfiguration c, TrainingPlan plan, PreparedData data, Terminal terminal, Parallelism threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arch = c.Architecture;
        var train = data.Scaled(data.Train);
        var heldOut = data.Scaled(data.Test);
        return TrainCommand.Trained<T>(c.Settings, arch, train, data.Validation is { } v ? data.Scaled(v) : null, plan, terminal, threads).Map(run =>
        {
            var (result, kept) = run;
            // An interrupted trial is not the pure function of its settings: it is left for a later run to do.
            if (result.Stop == StopKind.Interrupted) return ((ImmutableSortedDictionary<string, double?>, int, int, StopKind)?)null;
            double? Finite(T value) => T.IsFinite(value) ? double.CreateTruncating(value) : null;
            double Accuracy(Dataset part) => ClassificationMetrics.Accuracy(part.Labels, Network.PredictLabels(arch, kept, part.FeaturesIn<T>(), threads));
            var metrics = new SortedDictionary<string, double?>(StringComparer.Ordinal)
            {
                ["train_accuracy"] = Accuracy(train),
                ["train_cost"] = Finite(Network.Cost(arch, kept, train.ToBatch<T>(arch), threads)),
                [TrialRecord.Ranked] = Accuracy(heldOut),
                ["validation_cost"] = Finite(Network.Cost(arch, kept, heldOut.ToBatch<T>(arch), threads)),
            };
            return (metrics.ToImmutableSortedDictionary(StringComparer.Ordinal), result.EpochsRun, result.Kept.Epoch, result.Stop);
        });
    }

    // MaxIterations → max-iterations: the line's spelling of the engine's stop kinds.
    private static string Kebab(StopKind kind) =>
        string.Concat(kind.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
