using System.CommandLine;
using System.Globalization;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.IO;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// <c>fnet train --task multilabel</c>: several 0/1 label columns (<c>--label a,b,c</c>) from a CSV or Parquet file, a
/// test part (its own file or a random split, from fork 1 of the seed), then the library's one fit
/// (<see cref="MultiLabelClassifier.Fit"/>: sigmoid outputs with binary cross-entropy, the scaler inside the model) and
/// its card saved through <see cref="ModelDirectory"/> with the subset accuracy, Hamming loss and F1 scores.
/// </summary>
internal static class MultiLabelTraining
{
    public static Either<CliError, int> Run(ParseResult r, TrainSettings s, NetworkOptions network, Terminal terminal) =>
        from _ in Supported(s)
        from parts in Interruptible.Run(Commands.TrainCommand.Interrupted(s), () => Parts(s), terminal.Cancel)
        from options in Options(r, s, network, parts.Train.FeatureCount, ((ValueTargets)parts.Train.Targets).Names.Length)
        from code in ModelStore.Locked(s.Out, () => Fit(s, options, parts.Train, parts.Test, terminal))
        select code;

    // What the multi-label path does not do (yet) is refused in one line rather than ignored.
    private static Either<CliError, Unit> Supported(TrainSettings s)
    {
        string? problem =
            DataCatalog.IsBuiltIn(s.Data) ? $"--task multilabel reads its labels from a CSV or Parquet file's columns (--label a,b,c), but '{s.Data}' is a built-in data set"
            : s.Label is null ? "--task multilabel needs --label naming the 0/1 label columns, e.g. --label a,b,c"
            : s.Labels is not null ? "--labels is for IDX images; a multi-label model reads its labels from CSV or Parquet columns (--label)"
            : s.Resume is not null || s.CheckpointEvery > 0 ? "--resume and --checkpoint-every are not available with --task multilabel"
            : s.Warm is not null ? "--init-from is not available with --task multilabel"
            : s.ClassWeight is not null ? "--class-weight weighs classes of one label column; --task multilabel has none"
            : s.WeightColumn is not null ? "--weight-column is not available with --task multilabel"
            : null;
        return problem is null ? Unit.Default : new CliError(new Error("options.task", problem));
    }

    // The training rows and the test part: --test-data (same features and labels), else a random --test-split.
    private static Either<CliError, (Dataset Train, Dataset Test)> Parts(TrainSettings s) =>
        from data in MultiLabelFiles.Load(s.Data, s.Label)
        from parts in s.TestData is { } path
            ? MultiLabelFiles.Load(path, s.Label).Bind(test => Matching(data, test, path))
            : TrainingData.SplitProblem("--test-split", s.TestSplit, data.Count, "testing") is { } problem
                ? problem
                : Prelude.Right<CliError, (Dataset, Dataset)>(FunctionalNet.Split.TrainTest(data, s.TestSplit, Rng.Create(s.Seed).Fork(1), stratify: false))
        select parts;

    private static Either<CliError, (Dataset Train, Dataset Test)> Matching(Dataset train, Dataset test, string path) =>
        test.FeatureCount != train.FeatureCount
            ? new CliError(new Error("data.features", $"the test data {path} has {test.FeatureCount} features but the training data has {train.FeatureCount}"))
            : !((ValueTargets)test.Targets).Names.SequenceEqual(((ValueTargets)train.Targets).Names)
                ? new CliError(new Error("data.labels", $"the test data {path} has labels {string.Join(", ", ((ValueTargets)test.Targets).Names)} but the training data has {string.Join(", ", ((ValueTargets)train.Targets).Names)}"))
                : (train, test);

    // The run's options: a card's recorded ones (--from-card), else the hidden layers as --layers/--activation give them,
    // sigmoid outputs unless --output says otherwise (the fit then refuses anything but sigmoid with bce), the rest from the training options.
    private static Either<CliError, MlpOptions> Options(ParseResult r, TrainSettings s, NetworkOptions network, int inputs, int labels) =>
        s.Recorded is { } recorded ? recorded
        // Only the hidden layers are taken from this architecture: its output (softmax unless given) needs two units.
        : network.Build(r, inputs, Math.Max(2, labels)).Map(arch => s.Mlp(arch) with
        {
            Output = r.GetResult(network.Output) is { Implicit: false } ? arch.Output.Activation.Name : "sigmoid",
            Loss = r.GetResult(network.Loss) is { Implicit: false } ? arch.Loss.Name : null,
        });

    private static Either<CliError, int> Fit(TrainSettings s, MlpOptions options, Dataset train, Dataset test, Terminal terminal)
    {
        var labels = ((ValueTargets)train.Targets).Names;
        if (!s.Quiet)
            terminal.Out.WriteLine(Inv($"data     {s.Data}: {train.FeatureCount} features, {labels.Length} labels ({string.Join(", ", labels)}) (train {train.Count}, test {test.Count}), scaling {s.Scale}"));
        int every = Math.Max(1, s.Epochs / 10);
        var controls = new FitControls(Progress: s.Quiet ? null : p =>
        {
            if (p.Epoch % every == 0) terminal.Out.WriteLine(Inv($"epoch    {p.Epoch}/{p.Epochs} cost {p.TrainingCost:G6}{(p.ValidationCost is { } v ? Inv($", validation {v:G6}") : "")}"));
        }, Cancellation: terminal.Cancel);
        return MultiLabelClassifier.Fit(train, options, controls: controls).Match<Either<CliError, int>>(
            Succ: model => Save(s, Scored(s, model, train, test), test, terminal),
            Fail: errors => errors.Exists(e => e.Code == "fit.interrupted")
                ? new CliError(new Error("train.interrupted", Commands.TrainCommand.Interrupted(s)), ExitCode.Interrupted)
                : errors.Exists(e => e.Code == "fit.diverged")
                    ? CliError.Failed("train.diverged", string.Join("; ", errors.Select(e => e.Message)) + "; no model was saved")
                    : new CliError(new Error("train.options", string.Join("; ", errors.Select(e => e.Message)))));
    }

    // The model with its scores on the training and test parts in its summary, and the data and test split in its training section.
    private static MultiLabelClassifier Scored(TrainSettings s, MultiLabelClassifier model, Dataset train, Dataset test)
    {
        var summary = model.Summary.WithMetric("train_subset_accuracy", model.Score(train));
        foreach (var (name, value) in MultiLabelMetrics.Summary(((ValueTargets)test.Targets).Values, model.Predict(test.Features)))
            summary = summary.WithMetric("test_" + name, value);
        summary = summary with { Training = summary.Training! with { Data = s.Data, TestSplit = s.TestData is null ? s.TestSplit : 0 } };
        return MultiLabelClassifier.Create(model.Architecture, model.Weights, model.Scaler, model.Labels, model.FeatureNames, summary)
            .IfLeft(e => throw new InvalidOperationException(e.Message));
    }

    private static Either<CliError, int> Save(TrainSettings s, MultiLabelClassifier model, Dataset test, Terminal terminal)
    {
        var card = ModelDirectory.Card(model);
        card = card with { Preprocessing = card.Preprocessing with { LabelColumn = s.Label } };
        return ModelFiles.Write(s.Out, ModelDirectory.Encode(card, model.Weights)).MapLeft(e => new CliError(e)).Map(_ =>
        {
            var m = model.Summary.Metrics;
            var output = terminal.Out;
            output.WriteLine(Inv($"stopped  after {model.Summary.Training?.EpochsRun} epochs ({model.Summary.Training?.StopReason}); kept epoch {model.Summary.Epoch}"));
            output.WriteLine(Inv($"subset accuracy train {m["train_subset_accuracy"]:F4}, test {m["test_subset_accuracy"]:F4}"));
            output.WriteLine(Inv($"test     hamming loss {m["test_hamming_loss"]:F4}, f1 micro {m["test_f1_micro"]:F4}, macro {m["test_f1_macro"]:F4}, samples {m["test_f1_samples"]:F4} ({test.Count} rows)"));
            output.WriteLine($"saved    {Path.Combine(s.Out, ModelStore.WeightsFile)}, {Path.Combine(s.Out, ModelStore.CardFile)}");
            return terminal.Cancel.IsCancellationRequested ? ExitCode.Interrupted : ExitCode.Ok;
        });
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
