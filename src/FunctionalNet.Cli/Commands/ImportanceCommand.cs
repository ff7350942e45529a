using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Scores;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Tensors;
using Spectre.Console;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet importance</c>: permutation feature importance of a saved model on labelled data.</summary>
internal static class ImportanceCommand
{
    public static Command Create(Terminal terminal)
    {
        var model = new Option<string>("--model") { Description = "Model directory written by 'fnet train'", DefaultValueFactory = _ => "model" };
        var data = new Option<string>("--data") { Description = "Labelled CSV file, or IDX images (MNIST format, optionally .gz) with --labels", Required = true };
        var label = new Option<string?>("--label") { Description = "Label column of a CSV file by name or index (default: the card's, else the last)" };
        var labels = new Option<string?>("--labels") { Description = "IDX label file for IDX images given as --data" };
        var metric = new Option<string?>("--metric")
        {
            Description = $"Score to rank by, higher is better: {ScorerHelp.List(Scorers.All.Where(s => s.Task == ScorerTask.Classification))} "
                + $"(default accuracy) for a classifier, {ScorerHelp.List(Scorers.All.Where(s => s.Task == ScorerTask.Regression))} (default r2) for a regressor",
        };
        var repeats = new Option<int>("--repeats") { Description = "Shuffles per feature", DefaultValueFactory = _ => 5 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the shuffles", DefaultValueFactory = _ => 42UL };
        var json = new Option<bool>("--json") { Description = "Print the numbers as one JSON object instead of a table" };
        var command = new Command("importance", """
            Permutation feature importance (scikit-learn's permutation_importance): the model's score on the data,
            then for each feature the mean and standard deviation of the score's drop over --repeats shuffles of that
            feature's column. Seeded, and the same numbers at any thread count.

            Examples:
              fnet importance --model model --data test.csv
              fnet importance --model model --data test.csv --metric roc-auc --repeats 10 --seed 7 --json
            """) { model, data, label, labels, metric, repeats, seed, json };
        command.SetAction(r => Cli.Finish(
            from _ in LabelOption.Check(r.GetValue(label))
            from count in r.GetValue(repeats) >= 1
                ? LanguageExt.Either<CliError, int>.Right(r.GetValue(repeats))
                : new CliError(new Error("importance.repeats", $"--repeats must be at least 1, found {r.GetValue(repeats)}"))
            from read in Interruptible.Run("interrupted while reading the model and data", () =>
                from m in ModelStore.Load(r.GetValue(model)!)
                from input in m.Card.IsRegression
                    ? ModelInputs.Valued(m, r.GetValue(data)!, r.GetValue(label), r.GetValue(labels))
                    : ModelInputs.Labelled(m, r.GetValue(data)!, r.GetValue(label), r.GetValue(labels))
                select (m, input), terminal.Cancel)
            from score in ImportanceMetric.For(read.m, r.GetValue(metric), read.input.Labels, read.input.Values)
            from baseline in score(read.input.Features).MapLeft(e => new CliError(e))
            from result in Interruptible.Run("interrupted while shuffling features", () =>
                LanguageExt.Either<CliError, PermutationImportance>.Right(PermutationImportance.Compute(read.input.Features,
                    x => score(x).Match(v => v, _ => double.NaN), count, Rng.Create(r.GetValue(seed)), Parallelism.Default)), terminal.Cancel)
            select Print(result, read.m.Match(c => c.FeatureNames, g => g.FeatureNames), r.GetValue(metric) ?? (read.m.Card.IsRegression ? "r2" : "accuracy"),
                r.GetValue(json), terminal), terminal));
        return command;
    }

    private static int Print(PermutationImportance result, IReadOnlyList<string> names, string metric, bool json, Terminal terminal)
    {
        string Name(int column) => column < names.Count ? names[column] : $"x{column}";
        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new
            {
                metric,
                baseline = result.Baseline,
                features = result.Features.Select(f => new { name = Name(f.Column), column = f.Column, mean = f.Mean, std = f.StandardDeviation, drops = f.Drops }),
            }));
            return ExitCode.Ok;
        }
        terminal.Out.WriteLine(FormattableString.Invariant($"{metric} {result.Baseline:F4} on the unshuffled data; drop when each feature is shuffled:"));
        var table = new Table().AddColumn("feature").AddColumn(new TableColumn("mean drop").RightAligned()).AddColumn(new TableColumn("± sd").RightAligned());
        foreach (var f in result.Features.OrderByDescending(f => f.Mean))
            table.AddRow(Markup.Escape(Name(f.Column)), f.Mean.ToString("F4", CultureInfo.InvariantCulture), f.StandardDeviation.ToString("F4", CultureInfo.InvariantCulture));
        Tables.ConsoleFor(terminal).Write(table);
        return ExitCode.Ok;
    }
}
