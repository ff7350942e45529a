using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Sweeps;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet sweep</c>: shards collected equal the unsharded sweep, results do not depend on the thread count, runs
/// resume, and bad grids or mixed result files are one-line errors. Tiny data and few epochs keep it quick.
/// </summary>
public class SweepCommandTests
{
    // 2 × 2 × 2 configurations × 3 folds = 24 trials; the seed key also redraws the moons and re-deals the folds.
    private static readonly string[] Sweep =
        ["sweep", "--data", "moons", "--samples", "60", "--epochs", "5", "--folds", "3", "--grid", "layers=3|4,lr=0.1|0.5,seed=1|2", "--quiet"];

    private static readonly Lazy<(string[] Lines, string Table)> Unsharded = new(() =>
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess([.. Sweep, "--parallel", "2", "--out", dir["all.jsonl"]]);
        Assert.True(run.ExitCode == 0, run.Error);
        return (Deterministic(dir["all.jsonl"]), Table(run.Out));
    });

    [Property(MaxTest = 3)]
    public Property Shards_collected_equal_the_unsharded_sweep_line_for_line() =>
        Prop.ForAll(Arb.From(from shards in Gen.Choose(2, 4) from parallel in Gen.Choose(1, 2) select (shards, parallel)), p =>
        {
            using var dir = new TempDirectory();
            var files = Enumerable.Range(0, p.shards).Select(i => dir[$"shard-{i}.jsonl"]).ToArray();
            for (int i = 0; i < p.shards; i++)
            {
                var run = Fnet.InProcess([.. Sweep, "--shard", $"{i}/{p.shards}", "--parallel", $"{p.parallel}", "--out", files[i]]);
                Assert.True(run.ExitCode == 0, run.Error);
                Assert.Contains($"missing  {24 - Deterministic(files[i]).Length} of 24 trials", run.Out, StringComparison.Ordinal);
            }
            var collected = Fnet.InProcess(["sweep", "--collect", .. files]);
            Assert.True(collected.ExitCode == 0, collected.Error);
            Assert.Contains("24 of 24 trials", collected.Out, StringComparison.Ordinal);
            var lines = files.SelectMany(Deterministic).Order(StringComparer.Ordinal).ToArray();
            return lines.SequenceEqual(Unsharded.Value.Lines) && Table(collected.Out) == Unsharded.Value.Table;
        });

    [Fact]
    public void One_thread_and_two_write_the_same_results()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess([.. Sweep, "--parallel", "1", "--out", dir["one.jsonl"]]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(Unsharded.Value.Lines, Deterministic(dir["one.jsonl"]));
        Assert.Equal(24, Unsharded.Value.Lines.Length);
        // Every trial once, in canonical numbering, with wall time only in its own field.
        Assert.Equal(Enumerable.Range(0, 24), Unsharded.Value.Lines.Select(l => JsonNode.Parse(l)!["trial"]!.GetValue<int>()).Order());
        Assert.All(File.ReadAllLines(dir["one.jsonl"]), l => Assert.NotNull(JsonNode.Parse(l)!["wall_seconds"]));
    }

    [Fact]
    public void A_rerun_skips_recorded_trials_and_redoes_a_torn_last_line()
    {
        using var dir = new TempDirectory();
        var first = Fnet.InProcess([.. Sweep, "--shard", "0/2", "--out", dir["r.jsonl"]]);
        Assert.True(first.ExitCode == 0, first.Error);
        // A kill mid-write leaves a line without its newline: the rerun cuts it off and runs that trial again.
        string torn = File.ReadAllLines(dir["r.jsonl"])[0];
        File.AppendAllText(dir["r.jsonl"], torn[..(torn.Length / 2)]);
        var rest = Fnet.InProcess([.. Sweep, "--out", dir["r.jsonl"]]);
        Assert.True(rest.ExitCode == 0, rest.Error);
        Assert.Contains("running  12 trials, ", rest.Out, StringComparison.Ordinal);
        Assert.Contains("(12 already in ", rest.Out, StringComparison.Ordinal);
        Assert.Equal(Unsharded.Value.Lines, Deterministic(dir["r.jsonl"]));
        var again = Fnet.InProcess([.. Sweep, "--out", dir["r.jsonl"]]);
        Assert.Contains("running  0 trials, ", again.Out, StringComparison.Ordinal);
        Assert.Equal(Unsharded.Value.Table, Table(again.Out));
    }

    [Fact]
    public void Ctrl_C_stops_the_sweep_with_exit_130_and_the_same_command_finishes_it()
    {
        using var dir = new TempDirectory();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var stopped = Fnet.InProcess(cancelled.Token, [.. Sweep, "--out", dir["c.jsonl"]]);
        Assert.Equal(130, stopped.ExitCode);
        Assert.Contains("running the same command again does the rest", Assert.Single(stopped.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(File.ReadAllLines(dir["c.jsonl"]));
        Assert.Equal(0, Fnet.InProcess([.. Sweep, "--out", dir["c.jsonl"]]).ExitCode);
        Assert.Equal(Unsharded.Value.Lines, Deterministic(dir["c.jsonl"]));
    }

    [Fact]
    public void Collect_refuses_results_of_another_sweep_and_a_trial_given_twice()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess([.. Sweep, "--shard", "0/2", "--out", dir["a.jsonl"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess([.. Sweep, "--shard", "1/2", "--lambda", "0.01", "--out", dir["b.jsonl"]]).ExitCode);
        var mixed = Fnet.InProcess("sweep", "--collect", dir["a.jsonl"], dir["b.jsonl"]);
        Fnet.AssertOneLineError(mixed, "collect the shards of one sweep");
        Assert.Equal(2, mixed.ExitCode);

        File.Copy(dir["a.jsonl"], dir["copy.jsonl"]);
        // Trials are appended as they finish, so the copy's first line is whichever trial finished first.
        int first = System.Text.Json.JsonDocument.Parse(File.ReadLines(dir["copy.jsonl"]).First()).RootElement.GetProperty("trial").GetInt32();
        Fnet.AssertOneLineError(Fnet.InProcess("sweep", "--collect", dir["a.jsonl"], dir["copy.jsonl"]), $"copy.jsonl:1: trial {first} is also at");
        Fnet.AssertOneLineError(Fnet.InProcess("sweep", "--collect", dir["a.jsonl"], dir["a.jsonl"]), "is given twice to --collect");

        // Resuming into another sweep's file would mix them too.
        var resumed = Fnet.InProcess([.. Sweep, "--out", dir["b.jsonl"]]);
        Fnet.AssertOneLineError(resumed, "not of this sweep");
        Assert.Equal(12, File.ReadAllLines(dir["b.jsonl"]).Length);
    }

    [Fact]
    public void A_results_file_with_a_trial_twice_is_refused_on_resume()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess([.. Sweep, "--shard", "0/2", "--out", dir["d.jsonl"]]).ExitCode);
        File.AppendAllLines(dir["d.jsonl"], [File.ReadAllLines(dir["d.jsonl"])[0]]);
        Fnet.AssertOneLineError(Fnet.InProcess([.. Sweep, "--out", dir["d.jsonl"]]), "d.jsonl:13: trial ");
    }

    [Fact]
    public void A_changed_data_file_is_another_sweep()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("datasets", "--export", "moons", "--samples", "60", "--out", dir["m.csv"]).ExitCode);
        string[] args = ["sweep", "--data", dir["m.csv"], "--epochs", "3", "--folds", "2", "--grid", "lr=0.1|0.5", "--quiet", "--out", dir["m.jsonl"]];
        var first = Fnet.InProcess(args);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(4, File.ReadAllLines(dir["m.jsonl"]).Length);
        // Same path, same options, one value changed: the sweep id follows the bytes, so the old results are not reused.
        var lines = File.ReadAllLines(dir["m.csv"]);
        string before = lines[1];
        lines[1] = "12.5" + before[before.IndexOf(',', StringComparison.Ordinal)..];
        Assert.NotEqual(before, lines[1]);
        File.WriteAllLines(dir["m.csv"], lines);
        Fnet.AssertOneLineError(Fnet.InProcess(args), "not of this sweep");
    }

    [Theory]
    [InlineData("foo=1", "--grid key 'foo' is not one of layers, activation,")]
    [InlineData("lr=", "--grid key 'lr' has an empty value")]
    [InlineData("lr=0.1||0.5", "--grid key 'lr' has an empty value in '0.1||0.5'")]
    [InlineData("lr=fast", "--grid key 'lr' value 'fast' is not a finite number")]
    [InlineData("epochs=2.5", "--grid key 'epochs' value '2.5' is not an integer")]
    [InlineData("seed=-1", "--grid key 'seed' value '-1' is not a non-negative integer")]
    [InlineData("restore-best=yes", "--grid key 'restore-best' value 'yes' is not true or false")]
    [InlineData("data=moons|digits", "--grid key 'data' is not one of")]
    [InlineData("lr=0.1,lr=0.5", "--grid names key 'lr' twice")]
    [InlineData("lr=0.1|0.1", "--grid key 'lr' lists a value twice")]
    [InlineData("50|100", "does not start with key=value")]
    [InlineData(" ", "--grid is empty")]
    [InlineData("optimizer=adam|fancy", "--grid configuration optimizer=fancy: --optimizer 'fancy' is not one of")]
    [InlineData("lr=0.1|-2", "--grid configuration lr=-2: --lr must be a finite number > 0")]
    [InlineData("layers=3|0", "--grid configuration layers=0: --layers '0' is not")]
    [InlineData("epochs=5", "--epochs is both a fixed option and a --grid key")]
    public void A_bad_grid_is_a_one_line_error_and_writes_nothing(string grid, string fragment)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("sweep", "--data", "moons", "--samples", "60", "--epochs", "5", "--grid", grid, "--out", dir["x.jsonl"]);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(dir["x.jsonl"]));
    }

    [Theory]
    [InlineData(new[] { "--shard", "2/2" }, "--shard '2/2' is not i/n with 0 ≤ i < n")]
    [InlineData(new[] { "--shard", "1" }, "--shard '1' is not i/n")]
    [InlineData(new[] { "--folds", "1" }, "--folds must be at least 2, found 1")]
    [InlineData(new[] { "--folds", "61" }, "--folds 61 is more than the 60 rows of moons")]
    [InlineData(new[] { "--parallel", "0" }, "--parallel must be at least 1, found 0")]
    [InlineData(new[] { "--collect", "a.jsonl", "--folds", "3" }, "--collect merges results files and takes no option but --scoring and --refit, found --")]
    public void Bad_sweep_options_are_one_line_errors(string[] args, string fragment)
    {
        var run = Fnet.InProcess(["sweep", "--data", "moons", "--samples", "60", "--epochs", "5", .. args]);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void A_piece_without_equals_continues_the_previous_value_and_the_first_key_varies_slowest()
    {
        var keys = new System.CommandLine.Option[] { new System.CommandLine.Option<string>("--layers"), new System.CommandLine.Option<double?>("--lr") };
        Assert.True(Grid.Parse("layers=50,50|100, lr=0.001|0.01", keys).TryRight(out var grid, out _));
        Assert.Equal(["layers=50,50 lr=0.001", "layers=50,50 lr=0.01", "layers=100 lr=0.001", "layers=100 lr=0.01"],
            grid.Configurations().Select(c => c.ToString()));
        Assert.Equal(["--layers", "100", "--lr", "0.01"], grid.Configurations()[3].Arguments);
    }

    [Fact]
    public void Help_explains_the_grid_and_shows_sharding()
    {
        var run = Fnet.InProcess("sweep", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Example", run.Out, StringComparison.Ordinal);
        Assert.Contains("fnet sweep --collect shard-0.jsonl shard-1.jsonl", run.Out, StringComparison.Ordinal);
        Assert.Contains("--shard", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("--checkpoint-every", run.Out, StringComparison.Ordinal);
    }

    private static string[] Deterministic(string path) => SweepResults.Deterministic(path);

    private static string Table(string output) => SweepResults.Table(output);
}
