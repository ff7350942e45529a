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
        var train = data.Scaled(data.Train).ToBatch<T>(arch);
        var validation = data.Validation is { } v ? data.Scaled(v).ToBatch<T>(arch) : null;
        var console = Tables.ConsoleFor(terminal);
        if (!s.Quiet) Header(terminal.Out, s, arch, data);

        TrainResult<T> result;
        if (MinimizerLoop.Names.Contains(s.Optimizer))
        {
            if (!MinimizerLoop.Create(s.Optimizer, s.Epochs).TryRight(out var minimizer, out var problem)) return problem;
            var train64 = data.Scaled(data.Train).ToBatch<double>(arch);
            var validation64 = data.Validation is { } v64 ? data.Scaled(v64).ToBatch<double>(arch) : null;
            result = ProgressDisplay.Run(terminal, s.Quiet, s.Epochs, report =>
                MinimizerLoop.Run(arch, minimizer, start.Convert<double>(), train64, validation64, s.Patience, report, terminal.Cancel)).Convert<T>();
        }
        else if (RuleLoop.Names.Contains(s.Optimizer))
        {
            var train64 = data.Scaled(data.Train).ToBatch<double>(arch);
            var validation64 = data.Validation is { } v64 ? data.Scaled(v64).ToBatch<double>(arch) : null;
            var start64 = start.Convert<double>();
            if (!RuleLoop.Create(s.Optimizer, s.LearningRate, arch, start64, train64, validation64, s.Epochs, s.BatchSize, rng.Fork(4))
                    .TryRight(out var trace, out var problem))
                return problem;
            result = ProgressDisplay.Run(terminal, s.Quiet, s.Epochs, report =>
                RuleLoop.Run(trace, start64, s.Epochs, s.Patience, report, terminal.Cancel)).Convert<T>();
        }
        else
        {
            string fingerprint = s.Fingerprint(arch);
            if (!(s.Resume is { } resume ? CheckpointStore.Load<T>(resume, arch, fingerprint) : TrainState<T>.Start(start)).TryRight(out var from, out var problem))
                return problem;
            if (s.Resume is not null && !s.Quiet) terminal.Out.WriteLine(Inv($"resumed  from {s.Resume} after epoch {from.Epoch}"));
            CliError? failedCheckpoint = null;
            // sgd without a batch size is the tutorials' per-sample stochastic gradient descent.
            int batch = s.Optimizer == "sgd" && s.BatchSize == 0 ? 1 : s.BatchSize;
            var plan = new DescentPlan(s.LearningRate, s.Epochs, batch, s.Patience, s.CheckpointEvery);
            result = ProgressDisplay.Run(terminal, s.Quiet, s.Epochs, report =>
                TrainingLoop.Run(arch, from, train, validation, plan, rng.Fork(4), report,
                    state =>
                    {
                        if (failedCheckpoint is null && !CheckpointStore.Save(s.Out, fingerprint, state).TryRight(out _, out var e)) failedCheckpoint = e;
                    }, terminal.Cancel));
            if (failedCheckpoint is not null) return failedCheckpoint;
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
