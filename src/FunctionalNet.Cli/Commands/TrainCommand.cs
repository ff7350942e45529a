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
using FunctionalNet.Optimization.UpdateRules;
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
        var command = new Command("train", """
            Trains a network and writes the model directory (model.safetensors, model.json) with loss.svg,
            boundary.svg (2-D data) and confusion.svg. Ctrl+C stops at the next step and saves the best model so far.

            Examples:
              fnet train --data moons
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
            from data in TrainingData.Prepare(s)
            from arch in network.Build(r, data.Train.FeatureCount, data.Classes.Length)
            from code in s.Float32 ? Run<float>(s, arch, data, terminal) : Run<double>(s, arch, data, terminal)
            select code, terminal));
        return command;
    }

    private static LanguageExt.Either<CliError, int> Run<T>(TrainSettings s, Architecture arch, PreparedData data, Terminal terminal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create(s.Seed);
        var start = Initializer.Parse(s.Init)!.Initialize<T>(arch, rng.Fork(3));
        // The scaled training and validation parts, built once, in the precision the chosen loop computes in.
        (Batch<W> Train, Batch<W>? Validation) Parts<W>() where W : unmanaged, IFloatingPointIeee754<W> =>
            (data.Scaled(data.Train).ToBatch<W>(arch), data.Validation is { } v ? data.Scaled(v).ToBatch<W>(arch) : null);
        var console = Tables.ConsoleFor(terminal);
        if (!s.Quiet) Header(terminal.Out, s, arch, data);

        // sgd without a batch size is the tutorials' per-sample stochastic gradient descent.
        int batch = s.Optimizer == "sgd" && s.BatchSize == 0 ? 1 : s.BatchSize;
        var plan = new DescentPlan(s.LearningRate, s.Epochs, batch, s.Patience, s.CheckpointEvery);
        TrainResult<T> result;
        if (MinimizerLoop.Names.Contains(s.Optimizer))
        {
            if (!MinimizerLoop.Create(s.Optimizer, s.Epochs).TryRight(out var minimizer, out var problem)) return problem;
            var (train64, validation64) = Parts<double>();
            if (!Checkpointed(s, arch, terminal, TrainState<double>.Start(start.Convert<double>(), null),
                    memory => memory is MinimizerMemory m ? minimizer.StateProblem(m.State, arch.Layout.Count) : $"it holds no {s.Optimizer} state",
                    (from, report, checkpoint) => MinimizerLoop.Run(arch, minimizer, from, train64, validation64, plan, report, checkpoint, terminal.Cancel))
                .TryRight(out var trained, out problem))
                return problem;
            result = trained.Convert<T>();
        }
        else if (s.Optimizer is "gd" or "sgd")
        {
            var (train, validation) = Parts<T>();
            if (!Checkpointed(s, arch, terminal, TrainState<T>.Start(start, new RuleMemory(EmptyState.Instance)),
                    memory => RuleShapes.Problem(memory, EmptyState.Instance),
                    (from, report, checkpoint) => TrainingLoop.Run(arch, from, train, validation, plan, Steppers.Descent<T>(s.LearningRate), rng.Fork(4),
                        report, checkpoint, terminal.Cancel))
                .TryRight(out result, out var problem))
                return problem;
        }
        else
        {
            // The core's update rules work in double; the result is stored in the requested precision.
            var rules = Rules.ByName(s.Optimizer, s.LearningRate);
            if (!rules.Match(Succ: r => LanguageExt.Prelude.Right<CliError, UpdateRule>(r),
                    Fail: e => new CliError(new Error("options.optimizer", string.Join("; ", e.Select(x => x.Message))))).TryRight(out var rule, out var problem))
                return problem;
            var start64 = start.Convert<double>();
            var initial = rule.Init([.. start64.Flat]);
            var (train64, validation64) = Parts<double>();
            if (!Checkpointed(s, arch, terminal, TrainState<double>.Start(start64, new RuleMemory(initial)),
                    memory => RuleShapes.Problem(memory, initial),
                    (from, report, checkpoint) => TrainingLoop.Run(arch, from, train64, validation64, plan, Steppers.Rule(rule), rng.Fork(4),
                        report, checkpoint, terminal.Cancel))
                .TryRight(out var trained, out problem))
                return problem;
            result = trained.Convert<T>();
        }
        if (result.Stop == StopKind.Diverged) return CliError.Failed("train.diverged", result.StopMessage + "; no model was saved");

        int[] Classify(Matrix<double> raw) => Network.PredictLabels(arch, result.Best, (data.Scaler?.Apply(raw) ?? raw).Convert<T>());
        var test = data.Test;
        var predicted = Classify(test.Features);
        var confusion = ConfusionMatrix.Compute(test.Labels, predicted, data.Classes.Length);
        var report = ClassificationReport.Compute(test.Labels, predicted, data.Classes);
        double trainAccuracy = ClassificationMetrics.Accuracy(data.Train.Labels, Classify(data.Train.Features));
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["train_accuracy"] = trainAccuracy,
            ["test_accuracy"] = report.Accuracy,
            ["train_cost"] = result.TrainingCosts.IsEmpty ? double.NaN : result.TrainingCosts[Math.Max(0, result.BestEpoch - 1)],
        };
        if (!result.ValidationCosts.IsEmpty && result.BestEpoch > 0) metrics["validation_cost"] = result.ValidationCosts[result.BestEpoch - 1];
        var card = new ModelCard(ModelCard.CurrentFormat, ModelCard.ThisLibrary, ModelCard.Describe(arch), s.Float32 ? "float32" : "float64",
            ModelStore.WeightsFile, new string('0', 64),
            new PreprocessingCard(data.Train.FeatureNames, data.Classes, data.Scaler, s.Label),
            new TrainingCard(s.Data, s.Optimizer, s.LearningRate, s.Epochs, s.BatchSize, s.Init, s.Seed,
                s.TestData is null ? s.TestSplit : 0, s.ValidationSplit, s.Patience, result.EpochsRun, result.StopMessage),
            metrics.Where(p => double.IsFinite(p.Value)).ToImmutableSortedDictionary(StringComparer.Ordinal));

        return
            from saved in ModelStore.Save(s.Out, card, result.Best)
            from pictures in Files.Guard<IReadOnlyList<string>>(s.Out, "model directory", () => LanguageExt.Prelude.Right<CliError, IReadOnlyList<string>>(
                Pictures.Write(s.Out, new ImmutableCosts(result.TrainingCosts, result.ValidationCosts), s.LogScale,
                    Concat(data), [.. data.Train.Labels, .. data.Validation?.Labels ?? [], .. test.Labels], Classify, confusion, data.Classes)))
            select Summary(terminal.Out, console, s, result, trainAccuracy, report, confusion, data, pictures);
    }

    /// <summary>
    /// Runs a training loop from a fresh state or from the checkpoint --resume names (after checking that the saved
    /// optimizer state fits this optimizer), saving a checkpoint whenever the loop offers one.
    /// </summary>
    private static LanguageExt.Either<CliError, TrainResult<W>> Checkpointed<W>(TrainSettings s, Architecture arch, Terminal terminal,
        TrainState<W> fresh, Func<OptimizerMemory?, string?> memoryProblem,
        Func<TrainState<W>, Action<EpochRecord>, Action<TrainState<W>>, TrainResult<W>> loop)
        where W : unmanaged, IFloatingPointIeee754<W>
    {
        string fingerprint = s.Fingerprint(arch);
        if (!(s.Resume is { } resume ? CheckpointStore.Load<W>(resume, arch, fingerprint) : fresh).TryRight(out var from, out var problem))
            return problem;
        if (s.Resume is not null)
        {
            if (memoryProblem(from.Memory) is { } wrong)
                return new CliError(new Error("checkpoint.state", $"the checkpoint in {CheckpointStore.Folder(s.Resume)} cannot continue {s.Optimizer}: {wrong}"));
            if (!s.Quiet) terminal.Out.WriteLine(Inv($"resumed  from {s.Resume} after epoch {from.Epoch}"));
        }
        CliError? failedCheckpoint = null;
        var result = ProgressDisplay.Run(terminal, s.Quiet, s.Epochs, report => loop(from, report, state =>
        {
            if (failedCheckpoint is null && !CheckpointStore.Save(s.Out, fingerprint, state).TryRight(out _, out var e)) failedCheckpoint = e;
        }));
        return failedCheckpoint is null ? result : failedCheckpoint;
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
        console.WriteLine(Inv($"data     {s.Data}: {data.Train.FeatureCount} features, {data.Classes.Length} classes ({split}), scaling {s.Scale}"));
        console.WriteLine(Inv($"network  {arch}, {arch.Layout.Count} parameters, {(s.Float32 ? "float32" : "float64")}"));
        console.WriteLine(Inv($"training {s.Optimizer}, lr {s.LearningRate}, {s.Epochs} epochs, {(s.BatchSize == 0 ? "full batch" : $"batch {s.BatchSize}")}, init {s.Init}, seed {s.Seed}"));
    }

    private static int Summary<T>(TextWriter output, IAnsiConsole console, TrainSettings s, TrainResult<T> result, double trainAccuracy,
        ClassificationReport report, ConfusionMatrix confusion, PreparedData data, IReadOnlyList<string> pictures)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        output.WriteLine(Inv($"stopped  after {result.EpochsRun} epochs ({result.StopMessage}); kept epoch {result.BestEpoch}"));
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
