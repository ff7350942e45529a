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
        var distributed = new DistributedOptions();
        distributed.AddTo(command);
        command.SetAction(r => Cli.Finish(
            from read in options.Read(r)
            from historied in history.Into(r, read)
            from sliced in distributed.Into(r, historied)
            from code in DistributedTraining.Run(distributed.Asked(r), sliced, terminal, (given, process) =>
                given.Task == ModelCard.MultiLabel ? MultiLabelTraining.Run(r, given, network, process)
                : FunctionalNet.IO.RowCacheFile.Named(given.Data)
                ? ModelStore.Locked(given.Out, () => CacheTraining.Run(r, given, network, options.Warning(r, given), process))
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
            let warned = Warned(Warned(arch, note, terminal), options.Warning(r, s), terminal)
            from code in ModelStore.Locked(s.Out, () => s.Float32 ? Run<float>(s, warned, data, terminal) : Run<double>(s, warned, data, terminal))
            select code;
    }

    internal static string Interrupted(TrainSettings s) => $"interrupted before the first epoch finished; nothing was saved, {s.Out} is as it was";

    // Everything the run will hold at once, checked before the first parameter is allocated.
    private static MemoryEstimate Memory(TrainSettings s, Architecture arch, PreparedData data)
    {
        long rows = (long)data.Train.Count + (data.Validation?.Count ?? 0) + data.Test.Count;
        int batch = s.BatchSize > 0 ? Math.Min(s.BatchSize, data.Train.Count) : s.Optimizer == "sgd" ? 1 : data.Train.Count;
        int dtype = s.Float32 && !TrainingPlan.IsMinimizer(s.Optimizer) ? 4 : 8;
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

    private static LanguageExt.Either<CliError, int> Run<T>(TrainSettings s, Architecture arch, PreparedData data, Terminal terminal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var console = Tables.ConsoleFor(terminal);
        if (!s.Quiet) Header(terminal.Out, s, arch, data);
        if (!TrainingPlan.Create(s, data.Train.Count, arch).TryRight(out var plan, out var problem)) return problem;
        // Minimizers compute in double whatever --dtype says; the model is stored in the requested precision.
        // The training and validation parts as the network sees them, scaled once for the run and its metrics.
        var scaledTrain = data.Scaled(data.Train);
        var scaledValidation = data.Validation is { } v ? data.Scaled(v) : null;
        // The raw parts are garbage by now when TrainingData.Prepare scaled them: collected before training allocates.
        GC.Collect();
        if ((FeatureRange.Problem(scaledTrain, "training", s.Scale, s.Float32)
                ?? (scaledValidation is { } sv ? FeatureRange.Problem(sv, "validation", s.Scale, s.Float32) : null)) is { } overflow)
            return overflow;
        if (!Trained<T>(s, arch, scaledTrain, scaledValidation, plan, terminal).TryRight(out var run, out problem)) return problem;
        var (result, kept) = run;
        // Stopped (Ctrl+C, SIGTERM, even during data loading) before an epoch finished: the start is untrained, so
        // saving it would only replace the model already in --out with nothing better.
        if (result.Stop == StopKind.Interrupted && result.NewEpochs == 0)
            return new CliError(new Error("train.interrupted", Interrupted(s)), ExitCode.Interrupted);
        if (result.Stop == StopKind.Diverged)
            return CliError.Failed("train.diverged", Inv($"training diverged at epoch {result.Last.Epoch + 1}: ")
                + (LambdaBlame(s, arch.Lambda, data.Train.Count)
                    ?? result.Last.Stop!.Message.Replace("try a smaller learning rate", Inv($"try a smaller --lr than {s.LearningRate}"), StringComparison.Ordinal))
                + "; no model was saved");

        if (data.IsRegression) return Regression(s, arch, kept, result, data, scaledTrain, terminal);

        Matrix<double> Probabilities(Matrix<double> raw) => Network.Predict(arch, kept, (data.Scaler?.Apply(raw) ?? raw).Convert<T>()).Convert<double>();
        var test = data.Test;
        var predicted = Network.PredictLabels(arch, kept, data.Scaled(test).FeaturesIn<T>());
        var confusion = ConfusionMatrix.Compute(test.Labels, predicted, data.Classes.Length);
        var report = ClassificationReport.Compute(test.Labels, predicted, data.Classes);
        double trainAccuracy = ClassificationMetrics.Accuracy(data.Train.Labels, Network.PredictLabels(arch, kept, scaledTrain.FeaturesIn<T>()));
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["train_accuracy"] = trainAccuracy,
            ["test_accuracy"] = report.Accuracy,
            // Exact, whatever the epochs reported (a running mean is of costs at several parameter values).
            ["train_cost"] = double.CreateTruncating(Network.Cost(arch, kept, scaledTrain.ToBatch<T>(arch))),
        };
        Scores.TestPartMetrics.Add(metrics, arch, test.Labels, predicted, () => Probabilities(test.Features));
        return
            from saved in TrainedModel.SaveClassifier(s, arch, kept, result, metrics, data.Scaler, data.Classes, data.Train.GivenFeatureNames, data.ClassWeights, table: data.Table)
            from pictures in Files.Guard<IReadOnlyList<string>>(s.Out, "model directory", () => LanguageExt.Prelude.Right<CliError, IReadOnlyList<string>>(
                Pictures.Write(s, arch, new ImmutableCosts(result.TrainingCosts, result.ValidationCosts), result.Kept.Epoch, data.Train.FeatureNames,
                    // Only 2-feature data gets a boundary picture: no copy of every row otherwise.
                    data.Train.FeatureCount == 2 ? Concat(data) : null, [.. data.Train.Labels, .. data.Validation?.Labels ?? [], .. test.Labels], Probabilities, confusion, data.Classes,
                    Classifier.GivesProbabilities(arch) && test.Count > 0 ? (test.Labels, Probabilities(test.Features)) : null)))
            let code = Summary(terminal.Out, console, s, result, trainAccuracy, report, confusion, data, pictures)
            from checkpointed in CheckpointOutcome(result.CheckpointFailure, result.Last.Epoch, code)
            select checkpointed;
    }

    /// <summary>
    /// Trains the scaled parts with the plan's rule (in <typeparamref name="T"/>) or minimizer (in double): the one
    /// training path of <c>fnet train</c> and of each <c>fnet sweep</c> trial. The kept parameters come in <typeparamref name="T"/>;
    /// <paramref name="parallelism"/> (a speed knob only) bounds the threads of each product, by default one per processor.
    /// </summary>
    internal static LanguageExt.Either<CliError, (TrainOutcome Outcome, Parameters<T> Kept)> Trained<T>(TrainSettings s, Architecture arch,
        Dataset scaledTrain, Dataset? scaledValidation, TrainingPlan plan, Terminal terminal, Parallelism? parallelism = null)
        where T : unmanaged, IFloatingPointIeee754<T> => plan switch
        {
            TrainingPlan.Minimizing m => Fit<double>(s, arch, scaledTrain, scaledValidation, plan, terminal,
                    (start, options, train, validation) => Train.Minimize(arch, train, m.Minimizer, start, options, validation, s.CheckpointEvery), parallelism)
                .Map(o => (o.Outcome, o.Kept.Convert<T>())),
            TrainingPlan.Rule r => Fit<T>(s, arch, scaledTrain, scaledValidation, plan, terminal,
                    (start, options, train, validation) => Train.Fit(arch, train, r.UpdateRule, start, options, validation), parallelism)
                .Map(o => (o.Outcome, o.Kept)),
            _ => throw new InvalidOperationException($"unknown training plan {plan}"),
        };

    /// <summary>
    /// The end of a regression run: scores on the training and test parts in the targets' own units (the network
    /// predicts standardised targets), the model saved as a regressor, and the loss picture.
    /// </summary>
    private static LanguageExt.Either<CliError, int> Regression<T>(TrainSettings s, Architecture arch, Parameters<T> kept, TrainOutcome result,
        PreparedData data, Dataset scaledTrain, Terminal terminal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Matrix<double> Values(Matrix<double> scaledFeatures) =>
            data.TargetScaler!.Invert(Network.Predict(arch, kept, scaledFeatures.Convert<T>()).Convert<double>());
        var testValues = ((ValueTargets)data.Test.Targets).Values;
        var testPredicted = Values(data.Scaled(data.Test).Features);
        var train = RegressionScores.Compute(((ValueTargets)data.Train.Targets).Values, Values(scaledTrain.Features));
        var test = RegressionScores.Compute(testValues, testPredicted);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            // In standardised target units, as the network was trained.
            ["train_cost"] = double.CreateTruncating(Network.Cost(arch, kept, scaledTrain.ToBatch<T>(arch))),
        };
        foreach (var (name, value) in train.Named("train").Concat(test.Named("test"))) metrics[name] = value;
        Scores.TestPartMetrics.Add(metrics, testValues, testPredicted);
        return
            from saved in TrainedModel.SaveRegressor(s, arch, kept, result, metrics, data.Scaler, data.TargetScaler, data.TargetNames, data.Train.GivenFeatureNames)
            from pictures in Files.Guard<IReadOnlyList<string>>(s.Out, "model directory", () => LanguageExt.Prelude.Right<CliError, IReadOnlyList<string>>(
                Pictures.WriteRegression(s, arch, new ImmutableCosts(result.TrainingCosts, result.ValidationCosts), result.Kept.Epoch,
                    data.TargetNames, testValues, testPredicted)))
            let code = RegressionSummary(terminal, s, result, train, test, data, testValues, testPredicted, pictures)
            from checkpointed in CheckpointOutcome(result.CheckpointFailure, result.Last.Epoch, code)
            select checkpointed;
    }

    private static int RegressionSummary(Terminal terminal, TrainSettings s, TrainOutcome result, RegressionScores train, RegressionScores test,
        PreparedData data, Matrix<double> testValues, Matrix<double> testPredicted, IReadOnlyList<string> pictures)
    {
        var output = terminal.Out;
        output.WriteLine(Inv($"stopped  after {result.EpochsRun} epochs ({result.StopMessage}); kept epoch {result.Kept.Epoch}"));
        output.WriteLine($"train    {train}");
        output.WriteLine($"test     {test}");
        if (!s.Quiet) Tables.ConsoleFor(terminal).Write(RegressionScores.PerTarget("regression scores (test)", data.TargetNames, testValues, testPredicted));
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
    private static LanguageExt.Either<CliError, int> CheckpointOutcome(CliError? failure, int epoch, int code) => failure is null ? code
        : failure with { Error = failure.Error with { Message = Inv($"checkpoint at epoch {epoch} failed, so training stopped there and the model kept so far was saved: ") + failure.Error.Message } };

    /// <summary>
    /// Trains in precision <typeparamref name="W"/> through the engine, from a fresh start or from the checkpoint --resume
    /// names (whose optimizer state must fit the plan), saving a checkpoint every --checkpoint-every epochs.
    /// </summary>
    private static LanguageExt.Either<CliError, (TrainOutcome Outcome, Parameters<W> Kept)> Fit<W>(TrainSettings s, Architecture arch, Dataset scaledTrain, Dataset? scaledValidation, TrainingPlan plan,
        Terminal terminal, Func<TrainingStart<W>, TrainingOptions, Batch<W>, Batch<W>?, LanguageExt.Validation<Error, IEnumerable<TrainingIterate<W>>>> train,
        Parallelism? parallelism = null)
        where W : unmanaged, IFloatingPointIeee754<W>
    {
        var rng = Rng.Create(s.Seed);
        var trainPart = scaledTrain.ToBatch<W>(arch);
        var validation = scaledValidation?.ToBatch<W>(arch);
        string fingerprint = s.Fingerprint(arch);
        // A warm start begins from the model's parameters with a fresh monitor: early stopping judges this data only.
        var fresh = (Start: new TrainingStart<W>(s.Warm is { } warm ? warm.Weights switch
        {
            NetworkWeights.F32 f => f.Parameters.Convert<W>(),
            NetworkWeights.F64 d => d.Parameters.Convert<W>(),
            _ => throw new InvalidOperationException("unknown weights"),
        } : Initializer.Parse(s.Init)!.Initialize<W>(arch, rng.Fork(3))), History: CostHistory.Empty);
        if (!(s.Resume is { } resume ? CheckpointStore.Load<W>(resume, arch, fingerprint, plan, s.Optimizer, scaledTrain.Count) : fresh).TryRight(out var from, out var problem))
            return problem;
        if (s.Resume is not null && !s.Quiet) terminal.Out.WriteLine(Inv($"resumed  from {s.Resume} after epoch {from.Start.Epoch}"));
        var options = plan.Engine!.TrainingOptions(from.Start.Epoch, new FunctionalNet.FitControls(parallelism, Exchange: s.Exchange, Cancellation: terminal.Cancel))
            .Match(o => o, errors => throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message))));
        var trace = train(from.Start, options, trainPart, validation);
        if (!trace.Match(t => LanguageExt.Prelude.Right<CliError, IEnumerable<TrainingIterate<W>>>(t),
                errors => new CliError(new Error("train.options", string.Join("; ", errors.Select(e => e.Message))))).TryRight(out var iterates, out problem))
            return problem;
        // A run already past its budget (resumed with --epochs at most the checkpoint's) trains no further epoch.
        if (from.Start.Epoch >= s.Epochs) iterates = iterates.Take(1);
        var metric = HistoryLog.Metric<W>(arch, scaledTrain.Targets, scaledValidation);
        iterates = HistoryLog.Open(s.History, s.Out, s.Resume, from.Start.Epoch, from.History, metric.Name, terminal)?.Watch(iterates, metric.Score) ?? iterates;
        bool due(TrainingIterate<W> it) => s.CheckpointEvery > 0 && (plan is TrainingPlan.Minimizing ? it.MinimizerState is not null : it.Epoch % s.CheckpointEvery == 0);
        return ProgressDisplay.Run(terminal, s.Quiet, s.Epochs, report => TraceConsumer.Run(iterates, from.History, s.Epochs, s.RestoreBest, report, due,
            (it, history) => CheckpointStore.Save(s.Out, fingerprint, it, history)));
    }

    private static Matrix<double> Concat(PreparedData data)
    {
        Dataset[] parts = data.Validation is { } v ? [data.Train, v, data.Test] : [data.Train, data.Test];
        return Matrix<double>.FromRows([.. parts.SelectMany(p => Enumerable.Range(0, p.Count).Select(r => p.Features.Row(r).ToArray()))]);
    }

    private static void Header(TextWriter console, TrainSettings s, Architecture arch, PreparedData data)
    {
        string split = data.Validation is null
            ? $"train {data.Train.Count}, test {data.Test.Count}"
            : $"train {data.Train.Count}, validation {data.Validation.Count}, test {data.Test.Count}";
        string targets = data.IsRegression
            ? $"{data.TargetNames.Length} target(s) ({string.Join(", ", data.TargetNames)}, standardised for training)"
            : Inv($"{data.Classes.Length} classes");
        console.WriteLine(Inv($"data     {s.Data}: {data.Train.FeatureCount} features, {targets} ({split}), scaling {s.Scale}"));
        if (data.TableNote is { } table) console.WriteLine($"table    {table}");
        console.WriteLine(Inv($"network  {arch}, {arch.Layout.Count} parameters, {(s.Float32 ? "float32" : "float64")}"));
        console.WriteLine(Inv($"training {s.Optimizer}, {(s.LearningRate > 0 ? Inv($"lr {s.LearningRate}, ") : "")}{s.Epochs} epochs, {(s.BatchSize == 0 ? "full batch" : $"batch {s.BatchSize}")}, init {s.Init}, seed {s.Seed}"));
        if (Weighting.Describe(s, data.ClassWeights, data.Classes) is { } weighting) console.WriteLine($"weights  {weighting}");
    }

    private static int Summary(TextWriter output, IAnsiConsole console, TrainSettings s, TrainOutcome result, double trainAccuracy,
        ClassificationReport report, ConfusionMatrix confusion, PreparedData data, IReadOnlyList<string> pictures)
    {
        output.WriteLine(Inv($"stopped  after {result.EpochsRun} epochs ({result.StopMessage}); kept epoch {result.Kept.Epoch}"));
        output.WriteLine(Inv($"accuracy train {trainAccuracy:F4}, test {report.Accuracy:F4}"));
        if (!s.Quiet)
        {
            console.Write(Tables.Report(report));
            console.Write(Tables.Confusion(confusion, data.Classes));
        }
        output.WriteLine($"saved    {Path.Combine(s.Out, ModelStore.WeightsFile)}, {Path.Combine(s.Out, ModelStore.CardFile)}");
        output.WriteLine($"drew     {string.Join(", ", pictures)}");
        return result.Stop == StopKind.Interrupted ? ExitCode.Interrupted : ExitCode.Ok;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
