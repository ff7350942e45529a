using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Cli.Limits;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Training;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Training;
using FunctionalNet.Tensors;
using Spectre.Console;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet train</c>: load or generate data, split, scale, train, evaluate, save the model and its pictures.</summary>
internal static class TrainCommand
{
    public static Command Create(Terminal terminal)
    {
        var network = new NetworkOptions();
        var options = new TrainOptions();
        var history = new HistoryOptions();
        var decision = new DecisionOptions();
        var command = new Command("train", $"""
            Trains a network and writes the model directory (model.safetensors, model.json) with loss.svg, and for
            a classifier boundary.svg (2-D data) and confusion.svg; for a regression predicted-vs-true.svg and
            residuals.svg (.png with --plot-format png). A regression (--task regression) predicts real-valued
            targets, standardised for training, and reports MSE, RMSE, MAE and R². A multi-label classifier
            (--task multilabel --label a,b,c) has one sigmoid output per 0/1 label column and reports subset
            accuracy, Hamming loss and F1 (micro, macro, samples); it draws no pictures. The model keeps the epoch with the lowest validation cost when
            there is validation, else the last epoch (or the lowest training cost with --restore-best). Ctrl+C stops
            before the next step and saves what was kept so far (nothing, if no epoch had finished).

            Without --lr each optimizer trains at its own usual rate (see --lr). A built-in data set may choose
            defaults of its own; an option given on the command line always wins:
            {OwnDefaults()}

            Examples:
              fnet train --data moons
              fnet train --data digits
              fnet train --data digits --layers 25 --activation sigmoid --lambda 1 --epochs 500 --out digits-model
              fnet train --data iris.csv --label species --scale standard --validation-split 0.2 --patience 50
              fnet train --data friedman
              fnet train --data houses.csv --task regression --label price,rent
              fnet train --data tags.csv --task multilabel --label sports,politics,tech
              fnet train --data train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz --scale minmax --layers 100
              fnet train --data digits --optimizer adam --lr 0.001 --batch-size 32 --epochs 300 --checkpoint-every 20 --out m
              fnet train --data digits --optimizer adam --lr 0.001 --batch-size 32 --epochs 300 --resume m --out m
            """);
        network.AddTo(command);
        options.AddTo(command);
        history.AddTo(command);
        command.Options.Add(CacheTraining.ShuffleWindowOption());
        decision.AddTo(command);
        var distributed = new DistributedOptions();
        distributed.AddTo(command);
        command.Options.Add(KernelOptions.Kernels);
        command.Options.Add(HistoryEveryOption.Every);
        command.SetAction(r => Cli.Finish(
            from read in options.Read(r)
            from historied in history.Into(r, read).Bind(h => decision.Into(r, h))
            from _ in CacheTraining.OnlyWithACache(r, historied)
            from kernelled in KernelOptions.Into(r, historied).Bind(k => HistoryEveryOption.Into(r, k))
            from sliced in distributed.Into(r, kernelled)
            from code in DistributedTraining.Run(distributed, r, sliced, terminal, (given, process) =>
                given.Task == ModelCard.MultiLabel ? MultiLabelTraining.Run(r, given, network, process)
                : FunctionalNet.IO.RowCacheFile.Named(given.Data)
                ? DistributedTraining.Locked(given, () => CacheTraining.Run(r, given, network, options.Warning(r, given), process,
                    task => options.Read(r, task).Map(read => DistributedOptions.Carry(given, read))))
                : Loaded(r, given, network, options, process))
            select code, terminal));
        return command;
    }

    private static LanguageExt.Either<CliError, int> Loaded(ParseResult r, TrainSettings given, NetworkOptions network, TrainOptions options, Terminal terminal)
    {
        string? note = null; // the task the data decided, said once the run is known to go ahead
        return
            from data in Interruptible.Run(Interrupted(given), () => TrainingData.Prepare(given, network.AsksForSquaredError(r), n => note = n), terminal.Cancel)
            from s in options.Read(r, data.IsRegression ? ModelCard.Regression : ModelCard.Classification).Map(read => DistributedOptions.Carry(given, read))
            from arch in s.Warm is { } warm
                ? warm.Inputs == data.Train.FeatureCount && warm.Architecture.Outputs == data.Outputs
                    ? LanguageExt.Prelude.Right<CliError, Architecture>(warm.Architecture)
                    : new CliError(new Error("options.init-from", Inv($"--init-from: the model takes {warm.Inputs} features and has {warm.Architecture.Outputs} outputs, the data has {data.Train.FeatureCount} features and {data.Outputs} classes or targets")))
                : s.Recorded is { } recorded
                ? recorded.Architecture(data.Train.FeatureCount, data.Outputs, data.IsRegression).Match(
                    a => LanguageExt.Prelude.Right<CliError, Architecture>(a),
                    errors => new CliError(new Error("options.from-card", "--from-card: " + string.Join("; ", errors.Select(e => e.Message)))))
                : network.Build(r, data.Train.FeatureCount, data.Outputs, DataFiles.DataCatalog.DefaultsFor(s.Data, s.Task), data.IsRegression)
            from _ in Memory(s, arch, data).Fits()
            from __ in DecisionTuning.Check(s, arch, data)
            let warned = Warned(Warned(arch, note, terminal), options.Warning(r, s), terminal)
            from code in DistributedTraining.Locked(s, () => s.TracesInFloat() ? Run<float>(s, warned, data, terminal) : Run<double>(s, warned, data, terminal))
            select code;
    }

    internal static string Interrupted(TrainSettings s) => $"interrupted before the first epoch finished; nothing was saved, {s.Out} is as it was";

    // Everything the run will hold at once, checked before the first parameter is allocated.
    private static MemoryEstimate Memory(TrainSettings s, Architecture arch, PreparedData data)
    {
        long rows = (long)data.Train.Count + data.Test.Count;
        int batch = s.BatchSize > 0 ? Math.Min(s.BatchSize, data.Train.Count) : s.Optimizer == "sgd" ? 1 : data.Train.Count;
        int dtype = s.TracesInFloat() ? 4 : 8;
        return MemoryEstimate.Training(arch, s.Optimizer, dtype, batch, rows, data.Train.FeatureCount);
    }

    private static string OwnDefaults() => string.Join("\n", DataFiles.DataCatalog.Entries.Where(e => e.Defaults is not null)
        .Select(e => $"  {e.Name}: {e.Defaults}"));

    // A warning is advice, not an error: one stderr line, and the run and its exit code go on unchanged. It waits
    // until the data and network are known to be good, so bad input still ends in exactly one line.
    internal static T Warned<T>(T value, string? warning, Terminal terminal)
    {
        if (warning is not null) terminal.Error.WriteLine($"fnet: {warning}");
        return value;
    }

    // The library's plan of the run (Classifier.Plan or Regressor.Plan, the fit Classifier.Fit runs) from the training
    // part: the validation split, class weights and scaling are the plan's. W is the trace's precision.
    private static LanguageExt.Either<CliError, int> Run<W>(TrainSettings s, Architecture arch, PreparedData data, Terminal terminal)
        where W : unmanaged, IFloatingPointIeee754<W>
    {
        var controls = new FunctionalNet.FitControls(Exchange: s.Exchange, Cancellation: terminal.Cancel);
        return data.IsRegression
            ? from warm in Warm(s, m => m.ToRegressor())
              from plan in Regressor.Plan<W>(data.Train, s.Mlp(arch), warm.IfNoneUnsafe((Regressor?)null), controls).OrProblems()
              from code in Regression(s, plan, data, terminal)
              select code
            : from warm in Warm(s, m => m.ToClassifier())
              from plan in Classifier.Plan<W>(data.Train, s.Mlp(arch), warm.IfNoneUnsafe((Classifier?)null), controls).OrProblems()
              from code in Classification(s, plan, data, terminal)
              select code;
    }

    // --init-from's model as the library's value (an Either holds no null, so none is an empty Option).
    private static LanguageExt.Either<CliError, LanguageExt.Option<TModel>> Warm<TModel>(TrainSettings s, Func<StoredModel, LanguageExt.Either<Error, TModel>> model) =>
        s.Warm is { } warm ? model(warm).Map(LanguageExt.Prelude.Some).MapLeft(e => new CliError(e)) : LanguageExt.Option<TModel>.None;

    private static LanguageExt.Either<CliError, int> Classification<W>(TrainSettings s, FitPlan<W, Classifier> plan, PreparedData data, Terminal terminal)
        where W : unmanaged, IFloatingPointIeee754<W>
    {
        if (!Fitted(s, plan, data, terminal).TryRight(out var fit, out var problem)) return problem;
        var (result, kept, untuned) = fit;
        if (DistributedTraining.Follows(s, result) is { } followed) return followed;
        var arch = plan.Architecture;
        // --calibrate and --threshold fitted on the plan's validation rows; the test part then scores the tuned model.
        if (!DecisionTuning.Fit(s, untuned, plan.RawValidationRows, terminal).TryRight(out var model, out problem)) return problem;
        var test = data.Test;
        // On the rows the network trained on (the validation part held out), with the saved weights.
        double trainAccuracy = Scores.TrainedRowScores.Accuracy(model, plan.TrainRows);
        // The boundary grid over extreme data may hold points past double's range, which the model's checked methods refuse.
        Matrix<double> Grid(Matrix<double> raw) => model.Weights.Outputs(arch, model.Scaler?.Apply(raw) ?? raw);
        // Only 2-feature data gets a boundary picture: no copy of every row otherwise.
        var drawn = new ClassificationPictures(data.Train.FeatureNames, data.Train.FeatureCount == 2 ? Concat(data) : null, [.. data.Train.Labels, .. test.Labels],
            Grid, () => model.Calibration is not null && test.Count > 0 ? untuned.Outputs(test.Features) : null);
        return ClassificationEnd.Finish(s, arch, result, trainAccuracy, double.CreateTruncating(Network.Cost(arch, kept.Parameters, plan.Train)),
            test.Labels, model.PredictIndices(test.Features), data.Classes, () => model.Outputs(test.Features), drawn, terminal,
            metrics => model.WithSummary(TrainedModel.Summary(model.Summary, s, result, metrics)).WithPreprocessing(data.Table));
    }

    /// <summary>
    /// The plan trained with the shell's display, history, checkpoints and Ctrl+C, and the fitted model of the kept
    /// iterate; a run stopped before its first epoch, or one that diverged, saves nothing and is an error.
    /// </summary>
    private static LanguageExt.Either<CliError, (TrainOutcome Outcome, TrainingIterate<W> Kept, TModel Model)> Fitted<W, TModel>(TrainSettings s, FitPlan<W, TModel> plan,
        PreparedData data, Terminal terminal)
        where W : unmanaged, IFloatingPointIeee754<W>
    {
        if (!s.Quiet) Header(terminal.Out, s, plan.Architecture, data, plan.Train.Count, plan.Validation?.Count, plan.ClassWeights);
        if ((FeatureRange.Problem(plan.TrainRows, "training", s.Scale, s.Float32)
                ?? (plan.ValidationRows is { } sv ? FeatureRange.Problem(sv, "validation", s.Scale, s.Float32) : null)) is { } overflow)
            return overflow;
        if (!Trained(s, plan, terminal).TryRight(out var run, out var problem)) return problem;
        var (result, kept, last) = run;
        // Stopped (Ctrl+C, SIGTERM, even during data loading) before an epoch finished: the start is untrained, so
        // saving it would only replace the model already in --out with nothing better.
        if (result.Stop == StopKind.Interrupted && result.NewEpochs == 0)
            return new CliError(new Error("train.interrupted", Interrupted(s)), ExitCode.Interrupted);
        if (result.Stop == StopKind.Diverged)
            return CliError.Failed("train.diverged", Inv($"training diverged at epoch {result.Last.Epoch + 1}: ")
                + (LambdaBlame(s, plan.Architecture.Lambda, plan.Train.Count)
                    ?? result.Last.Stop!.Message.Replace("try a smaller learning rate", Inv($"try a smaller --lr than {s.LearningRate}"), StringComparison.Ordinal))
                + "; no model was saved");
        return plan.Model(kept, last).MapLeft(e => new CliError(e)).Map(model => (result, kept, model));
    }

    /// <summary>
    /// The end of a regression run: scores on the training and test parts in the targets' own units (the model
    /// predicts raw rows in them), the regressor saved, and the loss picture.
    /// </summary>
    private static LanguageExt.Either<CliError, int> Regression<W>(TrainSettings s, FitPlan<W, Regressor> plan, PreparedData data, Terminal terminal)
        where W : unmanaged, IFloatingPointIeee754<W>
    {
        if (!Fitted(s, plan, data, terminal).TryRight(out var fit, out var problem)) return problem;
        var (result, kept, model) = fit;
        if (DistributedTraining.Follows(s, result) is { } followed) return followed;
        var arch = plan.Architecture;
        var testValues = ((ValueTargets)data.Test.Targets).Values;
        var testPredicted = model.Predict(data.Test.Features);
        var train = Scores.TrainedRowScores.Regression(model, plan.TrainRows);
        var test = RegressionScores.Compute(testValues, testPredicted);
        // In standardised target units, as the network was trained.
        double trainCost = double.CreateTruncating(Network.Cost(arch, kept.Parameters, plan.Train));
        return FinishRegression(s, arch, result, trainCost, train, test, data.TargetNames, testValues, testPredicted, terminal,
            summary => model.WithSummary(TrainedModel.Summary(model.Summary, s, result, summary)).WithPreprocessing(data.Table));
    }

    /// <summary>
    /// The end of every regression run, from a file or a cache: the card's metrics (the train cost, train and test
    /// scores in target units, the test part's scikit-learn scores), the model <paramref name="saved"/> builds from them
    /// written, the regression pictures, the summary lines and the checkpoint outcome.
    /// </summary>
    internal static LanguageExt.Either<CliError, int> FinishRegression(TrainSettings s, Architecture arch, TrainOutcome result, double trainCost,
        RegressionScores train, RegressionScores test, IReadOnlyList<string> targetNames, Matrix<double> testValues, Matrix<double> testPredicted,
        Terminal terminal, Func<SortedDictionary<string, double>, LanguageExt.Either<Error, Regressor>> saved)
    {
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal) { ["train_cost"] = trainCost };
        foreach (var (name, value) in train.Named("train").Concat(test.Named("test"))) metrics[name] = value;
        Scores.TestPartMetrics.Add(metrics, testValues, testPredicted);
        return
            from model in saved(metrics).MapLeft(e => new CliError(e))
            from written in TrainedModel.Save(s, model)
            from pictures in Files.Guard<IReadOnlyList<string>>(s.Out, "model directory", () => LanguageExt.Prelude.Right<CliError, IReadOnlyList<string>>(
                Pictures.WriteRegression(s, arch, new ImmutableCosts(result.TrainingCosts, result.ValidationCosts), result.Kept.Epoch,
                    targetNames, testValues, testPredicted)))
            let code = RegressionSummary(terminal, s, result, train, test, targetNames, testValues, testPredicted, pictures)
            from checkpointed in CheckpointOutcome(result.CheckpointFailure, result.Last.Epoch, code)
            select checkpointed;
    }

    internal static int RegressionSummary(Terminal terminal, TrainSettings s, TrainOutcome result, RegressionScores train, RegressionScores test,
        IReadOnlyList<string> targetNames, Matrix<double> testValues, Matrix<double> testPredicted, IReadOnlyList<string> pictures)
    {
        var output = terminal.Out;
        output.WriteLine(Inv($"stopped  after {result.EpochsRun} epochs ({result.StopMessage}); kept epoch {result.Kept.Epoch}"));
        output.WriteLine($"train    {train}");
        output.WriteLine($"test     {test}");
        if (!s.Quiet) Tables.ConsoleFor(terminal).Write(RegressionScores.PerTarget("regression scores (test)", targetNames, testValues, testPredicted));
        output.WriteLine($"saved    {Path.Combine(s.Out, ModelStore.WeightsFile)}, {Path.Combine(s.Out, ModelStore.CardFile)}");
        output.WriteLine($"drew     {string.Join(", ", pictures)}");
        return result.Stop == StopKind.Interrupted ? ExitCode.Interrupted : ExitCode.Ok;
    }

    /// <summary>The largest λ/m whose L2 penalty λ/(2m)·Σw² cannot overflow for weights of a usual size.</summary>
    private const double LargestPenalty = 1e250;

    // A divergence the L2 strength explains, said as such (the engine's advice would be a smaller learning rate): the
    // penalty overflowing, or a plain gradient step scaling the weights by 1 − lr·λ/m, which grows without bound past 2.
    private static string? LambdaBlame(TrainSettings s, double lambda, int rows)
    {
        if (!(lambda > 0)) return null;
        double decay = s.LearningRate * lambda / rows;
        if (lambda / rows > LargestPenalty)
            return Inv($"λ = {lambda} is so large that the L2 penalty λ/(2m)·Σw² overflows; use a much smaller --lambda");
        if (FunctionalNet.Catalog.Optimizer(s.Optimizer).Exists(e => e.Rule is { PlainStep: true }) && decay >= 2)
            return Inv($"λ = {lambda} with --lr {s.LearningRate} on {rows} rows makes each step scale the weights by 1 − lr·λ/m = {1 - decay:G3}, which grows without bound; use a --lambda below {2 * rows / s.LearningRate:G3}");
        return null;
    }

    // A checkpoint that failed ended the run early: the model is saved by now, and the failure is still the exit's.
    internal static LanguageExt.Either<CliError, int> CheckpointOutcome(CliError? failure, int epoch, int code) => failure is null ? code
        : failure with { Error = failure.Error with { Message = Inv($"checkpoint at epoch {epoch} failed, so training stopped there and the model kept so far was saved: ") + failure.Error.Message } };

    /// <summary>
    /// Runs <paramref name="plan"/>'s trace (the library's, as <c>Classifier.Fit</c> runs it) from its start or from the
    /// checkpoint --resume names (whose optimizer state must fit the plan), with the progress display, the history log
    /// and a checkpoint every --checkpoint-every epochs: the one training path of <c>fnet train</c> and of each
    /// <c>fnet sweep</c> trial (whose <paramref name="history"/> replaces the log of <see cref="TrainSettings.History"/>).
    /// Returns how the run ended, the kept iterate and the last.
    /// </summary>
    internal static LanguageExt.Either<CliError, (TrainOutcome Outcome, TrainingIterate<W> Kept, TrainingIterate<W> Last)> Trained<W, TModel>(TrainSettings s,
        FitPlan<W, TModel> plan, Terminal terminal, HistoryLog? history = null)
        where W : unmanaged, IFloatingPointIeee754<W>
    {
        var arch = plan.Architecture;
        string fingerprint = s.Fingerprint(arch);
        if (!(s.Resume is { } resume
                ? CheckpointStore.Load<W>(resume, arch, fingerprint, plan.Engine, s.Optimizer, plan.Train.Count, s.HistoryEvery)
                : (Start: plan.Start, History: CostHistory.Empty)).TryRight(out var from, out var problem))
            return problem;
        if (s.Resume is not null && !s.Quiet) terminal.Out.WriteLine(Inv($"resumed  from {s.Resume} after epoch {from.Start.Epoch}"));
        if (!plan.Trace(from.Start, s.CheckpointEvery).OrProblems().TryRight(out var iterates, out problem)) return problem;
        // A run already past its budget (resumed with --epochs at most the checkpoint's) trains no further epoch.
        if (from.Start.Epoch >= s.Epochs) iterates = iterates.Take(1);
        var metric = HistoryLog.Metric<W>(arch, plan.TrainRows.Targets, plan.ValidationRows);
        var log = history ?? HistoryLog.Open(s.History, s.Out, s.Resume, from.Start.Epoch, from.History, metric.Name, terminal);
        iterates = log?.Watch(iterates, metric.Score) ?? iterates;
        bool due(TrainingIterate<W> it) => s.CheckpointEvery > 0 && (plan.Minimizer is not null ? it.MinimizerState is not null : it.Epoch % s.CheckpointEvery == 0);
        return ProgressDisplay.Run(terminal, s.Quiet, s.Epochs, report => TraceConsumer.Run(iterates, from.History, s.Epochs, s.RestoreBest, report, due,
            (it, history) => { log?.Flush(); return CheckpointStore.Save(s.Out, fingerprint, it, history); }));
    }

    private static Matrix<double> Concat(PreparedData data)
    {
        Dataset[] parts = [data.Train, data.Test];
        return Matrix<double>.FromRows([.. parts.SelectMany(p => Enumerable.Range(0, p.Count).Select(r => p.Features.Row(r).ToArray()))]);
    }

    private static void Header(TextWriter console, TrainSettings s, Architecture arch, PreparedData data, int train, int? validation, ImmutableArray<double> classWeights)
    {
        string split = validation is null
            ? $"train {train}, test {data.Test.Count}"
            : $"train {train}, validation {validation}, test {data.Test.Count}";
        string targets = data.IsRegression
            ? $"{data.TargetNames.Length} target(s) ({string.Join(", ", data.TargetNames)}, standardised for training)"
            : Inv($"{data.Classes.Length} classes");
        console.WriteLine(Inv($"data     {s.Data}: {data.Train.FeatureCount} features, {targets} ({split}), scaling {s.Scale}"));
        if (data.TableNote is { } table) console.WriteLine($"table    {table}");
        console.WriteLine(Inv($"network  {arch}, {arch.Layout.Count} parameters, {(s.Float32 ? "float32" : "float64")}"));
        console.WriteLine(Inv($"training {s.Optimizer}, {(s.LearningRate > 0 ? Inv($"lr {s.LearningRate}, ") : "")}{s.Epochs} epochs, {(s.BatchSize == 0 ? "full batch" : $"batch {s.BatchSize}")}, init {s.Init}, seed {s.Seed}"));
        if (Weighting.Describe(s, classWeights, data.Classes) is { } weighting) console.WriteLine($"weights  {weighting}");
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
