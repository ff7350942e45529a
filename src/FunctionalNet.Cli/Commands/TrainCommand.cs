using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Training;
using FunctionalNet.Data;
using FunctionalNet.Evaluation;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Training;
using FunctionalNet.Randomness;
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
        var command = new Command("train", $"""
            Trains a network and writes the model directory (model.safetensors, model.json) with loss.svg,
            boundary.svg (2-D data) and confusion.svg. The model keeps the epoch with the lowest validation cost when
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
              fnet train --data train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz --scale minmax --layers 100
              fnet train --data digits --optimizer adam --lr 0.001 --batch-size 32 --epochs 300 --checkpoint-every 20 --out m
              fnet train --data digits --optimizer adam --lr 0.001 --batch-size 32 --epochs 300 --resume m --out m
            """);
        network.AddTo(command);
        options.AddTo(command);
        command.SetAction(r => Cli.Finish(
            from s in options.Read(r)
            from code in RowCache.RowCacheFile.Named(s.Data) ? CacheTraining.Run(r, s, network, options.Warning(r, s), terminal) : Loaded(r, s, network, options, terminal)
            select code, terminal));
        return command;
    }

    private static LanguageExt.Either<CliError, int> Loaded(ParseResult r, TrainSettings s, NetworkOptions network, TrainOptions options, Terminal terminal) =>
            from data in TrainingData.Prepare(s)
            from arch in network.Build(r, data.Train.FeatureCount, data.Classes.Length, DataFiles.DataCatalog.DefaultsFor(s.Data)).Map(a => Warned(a, options.Warning(r, s), terminal))
            from code in s.Float32 ? Run<float>(s, arch, data, terminal) : Run<double>(s, arch, data, terminal)
            select code;

    private static string OwnDefaults() => string.Join("\n", DataFiles.DataCatalog.Entries.Where(e => e.Defaults is not null)
        .Select(e => $"  {e.Name}: {e.Defaults}"));

    // A warning is advice, not an error: one stderr line, and the run and its exit code go on unchanged. It waits
    // until the data and network are known to be good, so bad input still ends in exactly one line.
    private static T Warned<T>(T value, string? warning, Terminal terminal)
    {
        if (warning is not null) terminal.Error.WriteLine($"fnet: {warning}");
        return value;
    }

    private static LanguageExt.Either<CliError, int> Run<T>(TrainSettings s, Architecture arch, PreparedData data, Terminal terminal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The loaded table is garbage once its parts are gathered (nothing of TrainingData.Prepare is live here):
        // collecting it before training allocates its buffers keeps the peak at the table plus its parts.
        GC.Collect();
        var console = Tables.ConsoleFor(terminal);
        if (!s.Quiet) Header(terminal.Out, s, arch, data);
        if (!TrainingPlan.Create(s, data.Train.Count).TryRight(out var plan, out var problem)) return problem;
        // Minimizers compute in double whatever --dtype says; the model is stored in the requested precision.
        // The training and validation parts as the network sees them, scaled once (when split) for the run and its metrics.
        var (scaledTrain, scaledValidation) = (data.Train, data.Validation);
        var trained = plan switch
        {
            TrainingPlan.Minimizing m => Fit<double>(s, arch, scaledTrain, scaledValidation, plan, terminal,
                    (start, options, train, validation) => Train.Minimize(arch, train, m.Minimizer, start, options, validation, s.CheckpointEvery))
                .Map(o => (Outcome: o, Kept: o.Kept.Parameters.Convert<T>())),
            TrainingPlan.Rule r => Fit<T>(s, arch, scaledTrain, scaledValidation, plan, terminal,
                    (start, options, train, validation) => Train.Fit(arch, train, r.UpdateRule, start, options, validation))
                .Map(o => (Outcome: Widen(o), Kept: o.Kept.Parameters)),
            _ => throw new InvalidOperationException($"unknown training plan {plan}"),
        };
        if (!trained.TryRight(out var run, out problem)) return problem;
        var (result, kept) = run;
        // Stopped (Ctrl+C, SIGTERM, even during data loading) before an epoch finished: the start is untrained, so
        // saving it would only replace the model already in --out with nothing better.
        if (result.Stop == StopKind.Interrupted && result.NewEpochs == 0)
            return new CliError(new Error("train.interrupted", $"interrupted before the first epoch finished; nothing was saved, {s.Out} is as it was"),
                ExitCode.Interrupted);
        if (result.Stop == StopKind.Diverged)
            return CliError.Failed("train.diverged", Inv($"training diverged at epoch {result.Last.Epoch + 1}: ")
                + result.Last.Stop!.Message.Replace("try a smaller learning rate", Inv($"try a smaller --lr than {s.LearningRate}"), StringComparison.Ordinal)
                + "; no model was saved");

        int[] Classify(Matrix<double> raw) => Network.PredictLabels(arch, kept, (data.Scaler?.Apply(raw) ?? raw).Convert<T>());
        var test = data.Test;
        var predicted = ChunkedPrediction.Labels(arch, kept, test.FeaturesIn<T>());
        var confusion = ConfusionMatrix.Compute(test.Labels, predicted, data.Classes.Length);
        var report = ClassificationReport.Compute(test.Labels, predicted, data.Classes);
        double trainAccuracy = ClassificationMetrics.Accuracy(data.Train.Labels, ChunkedPrediction.Labels(arch, kept, scaledTrain.FeaturesIn<T>()));
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["train_accuracy"] = trainAccuracy,
            ["test_accuracy"] = report.Accuracy,
            // Exact, whatever the epochs reported (a running mean is of costs at several parameter values).
            ["train_cost"] = double.CreateTruncating(Network.Cost(arch, kept, scaledTrain.ToBatch<T>(arch))),
        };
        if (result.Kept.ValidationCost is { } validationCost) metrics["validation_cost"] = validationCost;
        var card = new ModelCard(ModelCard.CurrentFormat, ModelCard.ThisLibrary, ModelCard.Describe(arch), s.Float32 ? "float32" : "float64",
            ModelStore.WeightsFile, new string('0', 64),
            new PreprocessingCard(data.Train.FeatureNames, data.Classes, data.Scaler, s.Label),
            new TrainingCard(s.Data, s.Optimizer, s.LearningRate, s.Epochs, s.BatchSize, s.Init, s.Seed,
                s.TestData is null ? s.TestSplit : 0, s.ValidationSplit, s.Patience, result.EpochsRun, result.StopMessage),
            metrics.Where(p => double.IsFinite(p.Value)).ToImmutableSortedDictionary(StringComparer.Ordinal));

        return
            from saved in ModelStore.Save(s.Out, card, kept)
            from pictures in Files.Guard<IReadOnlyList<string>>(s.Out, "model directory", () => LanguageExt.Prelude.Right<CliError, IReadOnlyList<string>>(
                Pictures.Write(s.Out, new ImmutableCosts(result.TrainingCosts, result.ValidationCosts), s.LogScale,
                    data.Points?.Points, data.Points?.Labels, Classify, confusion, data.Classes)))
            let code = Summary(terminal.Out, console, s, result, trainAccuracy, report, confusion, data, pictures)
            from checkpointed in CheckpointOutcome(result.CheckpointFailure, result.Last.Epoch, code)
            select checkpointed;
    }

    // A checkpoint that failed ended the run early: the model is saved by now, and the failure is still the exit's.
    private static LanguageExt.Either<CliError, int> CheckpointOutcome(CliError? failure, int epoch, int code) => failure is null ? code
        : failure with { Error = failure.Error with { Message = Inv($"checkpoint at epoch {epoch} failed, so training stopped there and the model kept so far was saved: ") + failure.Error.Message } };

    // The run's record in double (costs already are); the kept parameters travel separately in the model's precision.
    private static TrainOutcome<double> Widen<W>(TrainOutcome<W> o) where W : unmanaged, IFloatingPointIeee754<W>
    {
        TrainingIterate<double> D(TrainingIterate<W> it) => new(it.Epoch, it.Step, it.Parameters.Convert<double>(), it.TrainingCost, it.ValidationCost,
            it.LearningRate, it.Evaluations, null, it.Stop);
        return new TrainOutcome<double>(D(o.Kept), D(o.Last), o.TrainingCosts, o.ValidationCosts, o.NewEpochs, o.CheckpointFailure);
    }

    /// <summary>
    /// Trains in precision <typeparamref name="W"/> through the engine, from a fresh start or from the checkpoint --resume
    /// names (whose optimizer state must fit the plan), saving a checkpoint every --checkpoint-every epochs.
    /// </summary>
    private static LanguageExt.Either<CliError, TrainOutcome<W>> Fit<W>(TrainSettings s, Architecture arch, Dataset scaledTrain, Dataset? scaledValidation, TrainingPlan plan,
        Terminal terminal, Func<TrainingStart<W>, TrainingOptions, Batch<W>, Batch<W>?, LanguageExt.Validation<Error, IEnumerable<TrainingIterate<W>>>> train)
        where W : unmanaged, IFloatingPointIeee754<W>
    {
        var rng = Rng.Create(s.Seed);
        var trainPart = scaledTrain.ToBatch<W>(arch);
        var validation = scaledValidation?.ToBatch<W>(arch);
        string fingerprint = s.Fingerprint(arch);
        var fresh = (Start: new TrainingStart<W>(Initializer.Parse(s.Init)!.Initialize<W>(arch, rng.Fork(3))), History: CostHistory.Empty);
        if (!(s.Resume is { } resume ? CheckpointStore.Load<W>(resume, arch, fingerprint, plan, s.Optimizer) : fresh).TryRight(out var from, out var problem))
            return problem;
        if (s.Resume is not null && !s.Quiet) terminal.Out.WriteLine(Inv($"resumed  from {s.Resume} after epoch {from.Start.Epoch}"));
        var options = TrainingOptions.Create(maxEpochs: Math.Max(1, s.Epochs - from.Start.Epoch), batching: (plan as TrainingPlan.Rule)?.Batching,
                rng: rng.Fork(4), patience: s.Patience, tolerance: s.Tolerance,
                epochCost: s.EpochCost == "exact" ? EpochCost.Exact : EpochCost.RunningMean, cancellation: terminal.Cancel)
            .Match(o => o, errors => throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message))));
        var trace = train(from.Start, options, trainPart, validation);
        if (!trace.Match(t => LanguageExt.Prelude.Right<CliError, IEnumerable<TrainingIterate<W>>>(t),
                errors => new CliError(new Error("train.options", string.Join("; ", errors.Select(e => e.Message))))).TryRight(out var iterates, out problem))
            return problem;
        // A run already past its budget (resumed with --epochs at most the checkpoint's) trains no further epoch.
        if (from.Start.Epoch >= s.Epochs) iterates = iterates.Take(1);
        bool due(TrainingIterate<W> it) => s.CheckpointEvery > 0 && (plan is TrainingPlan.Minimizing ? it.MinimizerState is not null : it.Epoch % s.CheckpointEvery == 0);
        return ProgressDisplay.Run(terminal, s.Quiet, s.Epochs, report => TraceConsumer.Run(iterates, from.History, s.Epochs, s.RestoreBest, report, due,
            (it, history) => CheckpointStore.Save(s.Out, fingerprint, it, history)));
    }

    private static void Header(TextWriter console, TrainSettings s, Architecture arch, PreparedData data)
    {
        string split = data.Validation is null
            ? $"train {data.Train.Count}, test {data.Test.Count}"
            : $"train {data.Train.Count}, validation {data.Validation.Count}, test {data.Test.Count}";
        console.WriteLine(Inv($"data     {s.Data}: {data.Train.FeatureCount} features, {data.Classes.Length} classes ({split}), scaling {s.Scale}"));
        console.WriteLine(Inv($"network  {arch}, {arch.Layout.Count} parameters, {(s.Float32 ? "float32" : "float64")}"));
        console.WriteLine(Inv($"training {s.Optimizer}, {(s.LearningRate > 0 ? Inv($"lr {s.LearningRate}, ") : "")}{s.Epochs} epochs, {(s.BatchSize == 0 ? "full batch" : $"batch {s.BatchSize}")}, init {s.Init}, seed {s.Seed}"));
    }

    private static int Summary(TextWriter output, IAnsiConsole console, TrainSettings s, TrainOutcome<double> result, double trainAccuracy,
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
