using System.CommandLine;
using System.Globalization;
using System.Text;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Data;
using Spectre.Console;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet datasets</c>: the built-in data sets with their sizes; <c>--export</c> writes one as CSV.</summary>
internal static class DatasetsCommand
{
    public static Command Create(Terminal terminal)
    {
        var export = new Option<string?>("--export") { Description = "Write this data set as CSV (features, then a 'label' column, or a regression's target columns); for digits its training part unless --part says otherwise" };
        var output = new Option<string?>("--out") { Description = "File for --export (default: stdout)" };
        var samples = new Option<int>("--samples") { Description = "Points drawn by a generated data set", DefaultValueFactory = _ => 400 };
        var noise = new Option<double>("--noise") { Description = "Noise of a generated data set", DefaultValueFactory = _ => 0.2 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of a generated data set", DefaultValueFactory = _ => 42UL };
        var part = new Option<string?>("--part")
        {
            Description = "With --export of a data set that has its own test part (digits): train (the default), test, or all (training rows, then test rows)",
        };
        var command = new Command("datasets", """
            Lists the built-in data sets with their sizes (generated ones at --samples and --noise), or writes one as CSV.

            Examples:
              fnet datasets
              fnet datasets --export moons --samples 200 --seed 7 --out moons.csv
              fnet datasets --export digits --part test --out digits-test.csv
            """) { export, output, samples, noise, seed, part };
        command.SetAction(r =>
        {
            int n = r.GetValue(samples);
            double sd = r.GetValue(noise);
            var rng = Rng.Create(r.GetValue(seed)).Fork(0); // fork 0, as 'fnet train' draws its data
            if (r.GetValue(export) is { } name)
                return Cli.Finish(
                    from _ in DataCatalog.IsBuiltIn(name) ? LanguageExt.Prelude.Right<CliError, string>(name) : Unknown(name)
                    from loaded in DataCatalog.Load(name, n, sd, rng)
                    from parts in Parts(r.GetValue(part), name, loaded)
                    from code in TextOutput.Write(ToCsv(parts), r.GetValue(output), terminal)
                    select code, terminal);
            if (r.GetValue(part) is not null)
                return Cli.Finish(new CliError(new Error("options.part", "--part goes with --export: name the data set to write")), terminal);
            return Cli.Finish(from table in List(n, sd, rng) select Show(table, terminal), terminal);
        });
        return command;
    }

    private static LanguageExt.Either<CliError, Table> List(int samples, double noise, Rng rng)
    {
        var table = new Table().AddColumn("name").AddColumn(new TableColumn("samples").RightAligned())
            .AddColumn(new TableColumn("features").RightAligned()).AddColumn(new TableColumn("classes").RightAligned()).AddColumn("description");
        foreach (var entry in DataCatalog.Entries)
        {
            var loaded = DataCatalog.Load(entry.Name, samples, noise, rng);
            if (loaded.IsLeft) return loaded.Map(_ => table);
            loaded.IfRight(l =>
            {
                string count = l.Test is { } t ? $"{l.Data.Count} + {t.Count}" : l.Data.Count.ToString(CultureInfo.InvariantCulture);
                table.AddRow(entry.Name, count, l.Data.FeatureCount.ToString(CultureInfo.InvariantCulture),
                    l.Data.Targets is ClassTargets c ? c.ClassCount.ToString(CultureInfo.InvariantCulture) : "-", Markup.Escape(entry.Description));
            });
        }
        return table;
    }

    private static int Show(Table table, Terminal terminal)
    {
        Tables.ConsoleFor(terminal).Write(table);
        return ExitCode.Ok;
    }

    /// <summary>The parts --part asks for: the training part unless told otherwise; only a set with its own test part has others.</summary>
    private static LanguageExt.Either<CliError, Dataset[]> Parts(string? part, string name, LoadedData loaded)
    {
        string? key = part?.Trim().ToLowerInvariant();
        if (key is not (null or "train" or "test" or "all"))
            return new CliError(new Error("options.part", $"--part '{part}' is not one of train, test, all"));
        if (key is not null && loaded.Test is null)
            return new CliError(new Error("options.part", $"--part is for a data set with its own test part (digits); '{name}' has none, export it without --part"));
        Dataset[] parts = key switch
        {
            "test" => [loaded.Test!],
            "all" => [loaded.Data, loaded.Test!],
            _ => [loaded.Data],
        };
        return parts;
    }

    // One header, then each part's rows in order; each part names its labels by its own classes, and a regression's
    // target columns follow the features under their own names.
    private static string ToCsv(Dataset[] parts)
    {
        var values = parts[0].Targets as ValueTargets;
        var csv = new StringBuilder(string.Join(',', parts[0].FeatureNames)).Append(',').Append(values is null ? "label" : string.Join(',', values.Names)).Append('\n');
        foreach (var data in parts)
            for (int r = 0; r < data.Count; r++)
            {
                for (int c = 0; c < data.FeatureCount; c++) csv.Append(data.Features[r, c].ToString("R", CultureInfo.InvariantCulture)).Append(',');
                if (data.Targets is ValueTargets v)
                    csv.AppendJoin(',', Enumerable.Range(0, v.Values.Cols).Select(j => v.Values[r, j].ToString("R", CultureInfo.InvariantCulture)));
                else csv.Append(data.Classes.ClassNames[data.Labels[r]]);
                csv.Append('\n');
            }
        return csv.ToString();
    }

    private static LanguageExt.Either<CliError, string> Unknown(string name) =>
        new CliError(new Error("options.data", $"--export '{name}' is not a built-in data set ({string.Join(", ", DataCatalog.Entries.Select(e => e.Name))})"));
}
