using System.CommandLine;
using System.Globalization;
using FunctionalNet.Bench;
using Spectre.Console;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet bench</c>: the workloads of shared/peers/WORKLOADS.md, as JSON lines for compare.py or as a table.</summary>
internal static class BenchCommand
{
    public static Command Create(Terminal terminal)
    {
        var workload = new Option<string>("--workload") { Description = $"Workload ids separated by commas, or 'all' ({string.Join(", ", WorkloadRunner.Ids)})", DefaultValueFactory = _ => "all" };
        var threads = new Option<int>("--threads") { Description = "Threads the matrix products may use", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "One JSON object per workload, in the peers' schema (for compare.py)" };
        var quick = new Option<bool>("--quick") { Description = "Budgets about 10× smaller, as the peers' --quick" };
        var data = new Option<string?>("--data") { Description = "Folder with moons_1000.csv and digits_{train,test}.csv (default: ./data, ../data, ./shared/data or ../shared/data)" };
        var command = new Command("bench", """
            Runs the benchmark workloads of shared/peers/WORKLOADS.md with the same data files, networks and budgets as
            the numpy, scikit-learn and PyTorch peers.

            Examples:
              fnet bench --workload moons-gd,digits-adam --quick
              cd ../shared/peers && /usr/bin/python3 compare.py --run "dotnet run -c Release --project ../../main/src/FunctionalNet.Cli -- bench --json"
            """) { workload, threads, json, quick, data };
        command.SetAction(r =>
        {
            var ids = r.GetValue(workload)!.Trim() == "all" ? WorkloadRunner.Ids : r.GetValue(workload)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var unknown = ids.Except(WorkloadRunner.Ids).ToList();
            if (unknown.Count > 0) return Fail($"unknown workload {string.Join(", ", unknown)}; expected one of {string.Join(", ", WorkloadRunner.Ids)} or all", terminal);
            if (r.GetValue(threads) < 1) return Fail($"--threads must be at least 1, found {r.GetValue(threads)}", terminal);
            string? folder = r.GetValue(data) ?? BenchOptions.FindDataDirectory(Environment.CurrentDirectory);
            if (folder is null || !File.Exists(Path.Combine(folder, "moons_1000.csv")))
                return Fail($"bench needs moons_1000.csv and digits_{{train,test}}.csv; none found in {folder ?? "./data, ../data, ./shared/data, ../shared/data"} (pass --data DIR)", terminal);
            var options = new BenchOptions(ids, r.GetValue(threads), r.GetValue(quick), folder);
            return r.GetValue(json) ? WorkloadRunner.Run(options, terminal.Out, terminal.Error) : Table(options, terminal);
        });
        return command;
    }

    private static int Table(BenchOptions options, Terminal terminal)
    {
        int failed = 0;
        var table = new Table().AddColumn("workload").AddColumn("dtype").AddColumn(new TableColumn("threads").RightAligned())
            .AddColumn(new TableColumn("train s").RightAligned()).AddColumn(new TableColumn("steps").RightAligned())
            .AddColumn(new TableColumn("final loss").RightAligned()).AddColumn(new TableColumn("test acc.").RightAligned())
            .AddColumn(new TableColumn("GFLOP/s").RightAligned());
        foreach (var r in WorkloadRunner.Records(options, terminal.Error, () => failed++))
            table.AddRow(r.Workload, r.DType, N(r.Threads, "0"), N(r.TrainSeconds, "0.000"), N(r.Steps, "0"), N(r.FinalLoss, "0.0000"),
                r.TestAccuracy is { } t ? N(t, "0.0000") : "", r.Gflop is { } g ? N(g, "0.0") : "");
        Tables.ConsoleFor(terminal).Write(table);
        return failed == 0 ? ExitCode.Ok : ExitCode.Failed;
    }

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static int Fail(string message, Terminal terminal)
    {
        terminal.Error.WriteLine($"fnet: {message}");
        return ExitCode.BadInput;
    }
}
