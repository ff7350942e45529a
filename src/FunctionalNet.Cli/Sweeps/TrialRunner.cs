using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Cli.Commands;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Training;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Training;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// Runs one trial: the configuration's settings trained by <c>fnet train</c>'s own path (the library's plan, run by
/// <see cref="TrainCommand.Trained"/>) on the fold's training rows (less a validation part with --validation-split, for
/// early stopping), scaled by a scaler fitted on them, and scored
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
            from scored in s.TracesInFloat() ? Score<float>(c, data, terminal, threads, history) : Score<double>(c, data, terminal, threads, history)
            select scored.Map(t => new TrialRecord(plan.Id, trial, plan.TrialCount, c.Configuration.Values, fold, plan.FoldCount, s.Seed,
                t.Metrics, t.Epochs, t.KeptEpoch, Kebab(t.Stop), Arguments: plan.Arguments, Final: t.Final));
    }

    // The library's plan of the fold's training rows, as fnet train plans a run (validation part, class weights, scalers).
    private static LanguageExt.Either<CliError, LanguageExt.Option<Scored>> Score<W>(ResolvedConfiguration c, PreparedData data, Terminal terminal, Parallelism threads,
        (HistoryFormat Format, string? Path) history)
        where W : unmanaged, IFloatingPointIeee754<W>
    {
        var controls = new FunctionalNet.FitControls(threads, Cancellation: terminal.Cancel);
        var options = c.Settings.Mlp(c.Architecture);
        return data.IsRegression
            ? Regressor.Plan<W>(data.Train, options, null, controls).OrProblems().Bind(plan => Trial(c, plan, terminal, threads, history, (kept, last) =>
                plan.Model(kept, last).Map(model => Regression(model, plan.TrainRows, data.Test))))
            : Classifier.Plan<W>(data.Train, options, null, controls).OrProblems().Bind(plan => Trial(c, plan, terminal, threads, history, (kept, last) =>
                plan.Model(kept, last).Map(model => Classification(model, plan.TrainRows, data.Test))));
    }

    // An Either holds no null (LanguageExt throws "Value is null"), so an interrupted trial is an empty Option.
    private static LanguageExt.Either<CliError, LanguageExt.Option<Scored>> Trial<W, TModel>(ResolvedConfiguration c, FitPlan<W, TModel> plan, Terminal terminal, Parallelism threads,
        (HistoryFormat Format, string? Path) history, Func<TrainingIterate<W>, TrainingIterate<W>, LanguageExt.Either<Error, (IEnumerable<(string, double)> Scores, Dataset HeldOut)>> score)
        where W : unmanaged, IFloatingPointIeee754<W>
    {
        // Always kept for the line's final row; written to a file only with --histories.
        var log = HistoryLog.ForTrial(history.Format, history.Path, HistoryLog.Metric<W>(plan.Architecture, plan.TrainRows.Targets, plan.ValidationRows).Name, terminal);
        return TrainCommand.Trained(c.Settings, plan, terminal, log).Bind(run =>
        {
            var (result, kept, last) = run;
            // An interrupted trial is not the pure function of its settings: it is left for a later run to do.
            if (result.Stop == StopKind.Interrupted) return LanguageExt.Option<Scored>.None;
            return score(kept, last).MapLeft(e => new CliError(e)).Map(s =>
            {
                var arch = plan.Architecture;
                double? Finite(W value) => W.IsFinite(value) ? double.CreateTruncating(value) : null;
                var metrics = new SortedDictionary<string, double?>(StringComparer.Ordinal)
                {
                    ["train_cost"] = Finite(Network.Cost(arch, kept.Parameters, plan.Train, threads)),
                    ["validation_cost"] = Finite(Network.Cost(arch, kept.Parameters, s.HeldOut.ToBatch<W>(arch), threads)),
                };
                foreach (var (name, value) in s.Scores) metrics[name] = double.IsFinite(value) ? value : null;
                // The history's columns but its seconds: the line is a pure function of the settings, and wall_seconds has the time.
                ImmutableArray<(string, double?)> final = log.Final is { } row
                    ? [.. HistoryFormat.Columns(log.MetricName).Zip(new double?[] { row.Epoch, row.TrainCost, row.ValidationCost, row.Metric, row.LearningRate })]
                    : [];
                return LanguageExt.Prelude.Some(new Scored(metrics.ToImmutableSortedDictionary(StringComparer.Ordinal), result.EpochsRun, result.Kept.Epoch, result.Stop, final));
            });
        });
    }

    private sealed record Scored(ImmutableSortedDictionary<string, double?> Metrics, int Epochs, int KeptEpoch, StopKind Stop, ImmutableArray<(string, double?)> Final);

    // Scored as train scores: labels and class probabilities of the held-out rows (raw, through the model's own scaler).
    private static (IEnumerable<(string, double)>, Dataset) Classification(Classifier model, Dataset train, Dataset heldOut)
    {
        var predicted = model.PredictIndices(heldOut.Features);
        var probabilities = model.Outputs(heldOut.Features);
        return ([
            ("train_accuracy", Scores.TrainedRowScores.Accuracy(model, train)),
            .. Scoring.Recorded(regression: false, s => s.Classes(heldOut.Labels, predicted, probabilities)),
        ], Scaling.Scaled(heldOut, model.Scaler, null));
    }

    // Values in the targets' own units; the held-out cost is on standardised targets, as the network trained.
    private static (IEnumerable<(string, double)>, Dataset) Regression(Regressor model, Dataset train, Dataset heldOut)
    {
        var trainScores = Scores.TrainedRowScores.Regression(model, train);
        var actual = ((ValueTargets)heldOut.Targets).Values;
        var predicted = model.Predict(heldOut.Features);
        return ([("train_r2", trainScores.R2), .. Scoring.Recorded(regression: true, s => s.Values(actual, predicted))],
            Scaling.Scaled(heldOut, model.Scaler, model.TargetScaler));
    }

    // MaxIterations → max-iterations: the line's spelling of the engine's stop kinds.
    private static string Kebab(StopKind kind) =>
        string.Concat(kind.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
