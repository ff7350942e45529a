using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Cli.Commands;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Training;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// Runs one trial: the configuration's settings trained by <c>fnet train</c>'s own path on the fold's training rows
/// (less a validation part with --validation-split, for early stopping), scaled by a scaler fitted on them, and scored
/// on the fold's held-out rows. A pure function of the plan and the trial index, whatever runs beside it.
/// </summary>
internal static class TrialRunner
{
    /// <summary>
    /// The trial's record (without wall time), or none when Ctrl+C or SIGTERM stopped it before it finished; with
    /// <paramref name="histories"/>, its full training history is written to its file as it trains.
    /// </summary>
    public static LanguageExt.Either<CliError, LanguageExt.Option<TrialRecord>> Run(SweepPlan plan, int trial, Terminal terminal, Parallelism threads,
        TrialHistories? histories = null)
    {
        var (resolved, fold) = plan.Trial(trial);
        var folds = resolved.Folds[fold];
        var s = resolved.Settings;
        var history = (histories?.Format ?? new HistoryFormat("csv"), histories?.PathOf(trial));
        return
            from fitted in TableFolds.Parts(resolved.Data, resolved.Rows, resolved.Architecture, folds)
            let c = resolved with { Architecture = fitted.Architecture }
            from data in TrainingData.Split(s, fitted.Parts, Rng.Create(s.Seed))
            from p in TrainingPlan.Create(s, data.Train.Count, c.Architecture)
            from scored in s.Float32 ? Score<float>(c, p, data, terminal, threads, history) : Score<double>(c, p, data, terminal, threads, history)
            select scored.Map(t => new TrialRecord(plan.Id, trial, plan.TrialCount, c.Configuration.Values, fold, plan.FoldCount, s.Seed,
                t.Metrics, t.Epochs, t.KeptEpoch, Kebab(t.Stop), Arguments: plan.Arguments, Final: t.Final));
    }

    private sealed record Scored(ImmutableSortedDictionary<string, double?> Metrics, int Epochs, int KeptEpoch, StopKind Stop, ImmutableArray<(string, double?)> Final);

    // An Either holds no null (LanguageExt throws "Value is null"), so an interrupted trial is an empty Option.
    private static LanguageExt.Either<CliError, LanguageExt.Option<Scored>> Score<T>(ResolvedConfiguration c, TrainingPlan plan, PreparedData data, Terminal terminal,
        Parallelism threads, (HistoryFormat Format, string? Path) history)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arch = c.Architecture;
        // Scaled features, and for a regression standardised targets, as the network trains on them.
        var train = data.Scaled(data.Train);
        var heldOut = data.Scaled(data.Test);
        var validation = data.Validation is { } v ? data.Scaled(v) : null;
        // Always kept for the line's final row; written to a file only with --histories.
        var log = HistoryLog.ForTrial(history.Format, history.Path, HistoryLog.Metric<T>(arch, train.Targets, validation).Name, terminal);
        return TrainCommand.Trained<T>(c.Settings, arch, train, validation, plan, terminal, threads, log).Map(run =>
        {
            var (result, kept) = run;
            // An interrupted trial is not the pure function of its settings: it is left for a later run to do.
            if (result.Stop == StopKind.Interrupted) return LanguageExt.Option<Scored>.None;
            double? Finite(T value) => T.IsFinite(value) ? double.CreateTruncating(value) : null;
            var metrics = new SortedDictionary<string, double?>(StringComparer.Ordinal)
            {
                ["train_cost"] = Finite(Network.Cost(arch, kept, train.ToBatch<T>(arch), threads)),
                ["validation_cost"] = Finite(Network.Cost(arch, kept, heldOut.ToBatch<T>(arch), threads)),
            };
            foreach (var (name, value) in data.IsRegression ? Regression(arch, kept, data, train, heldOut, threads) : Classification(arch, kept, train, heldOut, threads))
                metrics[name] = double.IsFinite(value) ? value : null;
            // The history's columns but its seconds: the line is a pure function of the settings, and wall_seconds has the time.
            ImmutableArray<(string, double?)> final = log.Final is { } row
                ? [.. HistoryFormat.Columns(log.MetricName).Zip(new double?[] { row.Epoch, row.TrainCost, row.ValidationCost, row.Metric, row.LearningRate })]
                : [];
            return LanguageExt.Prelude.Some(new Scored(metrics.ToImmutableSortedDictionary(StringComparer.Ordinal), result.EpochsRun, result.Kept.Epoch, result.Stop, final));
        });
    }

    // Scored as train scores: labels and class probabilities of the held-out rows, or values in the targets' own units.
    private static IEnumerable<(string, double)> Classification<T>(Architecture arch, Parameters<T> kept, Dataset train, Dataset heldOut, Parallelism threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var predicted = Network.PredictLabels(arch, kept, heldOut.FeaturesIn<T>(), threads);
        var probabilities = Network.Predict(arch, kept, heldOut.FeaturesIn<T>(), threads).Convert<double>();
        return
        [
            ("train_accuracy", ClassificationMetrics.Accuracy(train.Labels, Network.PredictLabels(arch, kept, train.FeaturesIn<T>(), threads))),
            ("validation_accuracy", ClassificationMetrics.Accuracy(heldOut.Labels, predicted)),
            ("validation_balanced_accuracy", BalancedAccuracy.Compute(heldOut.Labels, predicted)),
            ("validation_f1_macro", ClassificationReport.Compute(heldOut.Labels, predicted).MacroAverage.F1),
            ("validation_log_loss", ClassificationMetrics.LogLoss(heldOut.Labels, probabilities)),
        ];
    }

    private static IEnumerable<(string, double)> Regression<T>(Architecture arch, Parameters<T> kept, PreparedData data, Dataset train, Dataset heldOut, Parallelism threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Matrix<double> Values(Dataset scaled) => data.TargetScaler!.Invert(Network.Predict(arch, kept, scaled.FeaturesIn<T>(), threads).Convert<double>());
        var trainScores = RegressionScores.Compute(((ValueTargets)data.Train.Targets).Values, Values(train));
        var heldOutScores = RegressionScores.Compute(((ValueTargets)data.Test.Targets).Values, Values(heldOut));
        return [("train_r2", trainScores.R2), ("validation_r2", heldOutScores.R2), ("validation_mse", heldOutScores.Mse), ("validation_mae", heldOutScores.Mae)];
    }

    // MaxIterations → max-iterations: the line's spelling of the engine's stop kinds.
    private static string Kebab(StopKind kind) =>
        string.Concat(kind.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
