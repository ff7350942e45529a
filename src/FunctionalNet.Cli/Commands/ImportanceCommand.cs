using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Scores;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Training;
using FunctionalNet.Tensors;
using Spectre.Console;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet importance</c>: permutation feature importance of a saved model on labelled data.</summary>
internal static class ImportanceCommand
{
    public static Command Create(Terminal terminal)
    {
        var input = new LabelledDataOptions();
        var metric = new Option<string?>("--metric")
        {
            Description = $"Score to rank by, higher is better: {ScorerHelp.List(Scorers.All.Where(s => s.Task == ScorerTask.Classification))} "
                + $"(default accuracy) for a classifier, {ScorerHelp.List(Scorers.All.Where(s => s.Task == ScorerTask.Regression))} (default r2) for a regressor",
        };
        var repeats = new Option<int>("--repeats") { Description = "Shuffles per feature", DefaultValueFactory = _ => 5 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the shuffles", DefaultValueFactory = _ => 42UL };
        var json = new Option<bool>("--json") { Description = "Print the numbers as one JSON object instead of a table" };
        var plots = new PlotOptions();
        var command = new Command("importance", """
            Permutation feature importance (scikit-learn's permutation_importance): the model's score on the data,
            then for each feature the mean and standard deviation of the score's drop over --repeats shuffles of that
            feature's column. Seeded, and the same numbers at any thread count.

            Examples:
              fnet importance --model model --data test.csv
              fnet importance --model model --data test.csv --metric roc-auc --repeats 10 --seed 7 --json
              fnet importance --model model --data test.csv --plots pictures   (draws importance.svg: mean drop ± sd)
            """);
        input.AddTo(command);
        foreach (Option o in new Option[] { metric, repeats, seed, json }) command.Add(o);
        plots.AddTo(command);
        command.SetAction(r => Cli.Finish(
            from target in plots.Read(r)
            from count in r.GetValue(repeats) >= 1
                ? LanguageExt.Either<CliError, int>.Right(r.GetValue(repeats))
                : new CliError(new Error("importance.repeats", $"--repeats must be at least 1, found {r.GetValue(repeats)}"))
            from read in input.Read(r, terminal.Cancel)
            from score in ImportanceMetric.For(read.Model, r.GetValue(metric), read.Input.Labels, read.Input.Values)
            from baseline in score(read.Input.Features).MapLeft(e => new CliError(e))
            from result in Interruptible.Run("interrupted while shuffling features", () =>
                LanguageExt.Either<CliError, PermutationImportance>.Right(PermutationImportance.Compute(read.Input.Features, TableImportance.Groups(read.Model, read.Input.Features.Cols),
                    x => score(x).Match(v => v, _ => double.NaN), count, Rng.Create(r.GetValue(seed)), Parallelism.Default)), terminal.Cancel)
            let names = TableImportance.Names(read.Model)
            let metricName = r.GetValue(metric) ?? (read.Model.Card.IsRegression ? "r2" : "accuracy")
            from drawn in JudgingPictures.IfAsked(target, t =>
                [JudgingPictures.Importance(t, EvaluateCommand.Title(r.GetValue(input.Model)!, r.GetValue(input.Data)!), result, names, metricName)])
            select JudgingPictures.Reported(drawn, r.GetValue(json), terminal, Print(result, names, metricName, r.GetValue(json), terminal)), terminal));
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
