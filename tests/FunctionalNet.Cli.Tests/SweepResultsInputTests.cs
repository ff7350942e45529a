using System.Diagnostics;
using System.Text.Json.Nodes;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 31 item 9: a results file (<c>--out</c> on resume, or <c>--collect</c>) is read with a cap, as the other
/// readers are, and the work its lines ask for is bounded by the lines actually read; reading stops on Ctrl+C.
/// </summary>
public class SweepResultsInputTests
{
    // 1 configuration × 2 folds: two quick trials.
    private static readonly string[] Sweep = ["sweep", "--data", "moons", "--samples", "60", "--epochs", "3", "--folds", "2", "--quiet"];

    [Fact]
    public void An_endless_device_to_collect_is_one_line_and_exit_2_quickly()
    {
        var run = Fnet.InProcess("sweep", "--collect", "/dev/zero");
        Fnet.AssertOneLineError(run, "results file /dev/zero has a line longer than the 1,048,576-byte cap");
        Assert.Equal(2, run.ExitCode);
    }

    // A device has no earlier trials to resume, so --out is not read: /dev/zero takes the lines as /dev/null would,
    // and /dev/full refuses the first one.
    [Theory]
    [InlineData("/dev/zero", 0, null)]
    [InlineData("/dev/full", 2, "cannot access results file /dev/full: No space left on device")]
    public void A_device_as_results_file_is_written_through_without_being_read(string device, int exit, string? error)
    {
        var run = Fnet.InProcess([.. Sweep, "--out", device]);
        Assert.True(run.ExitCode == exit, run.Error);
        if (error is not null) Fnet.AssertOneLineError(run, error);
    }

    [Fact]
    public void A_line_claiming_two_billion_trials_is_collected_without_enumerating_them()
    {
        using var dir = new TempDirectory();
        var crafted = Crafted(dir, out string line);
        var run = Fnet.InProcess("sweep", "--collect", crafted);
        Assert.True(run.ExitCode == 0, run.Error);
        int trial = JsonNode.Parse(line)!["trial"]!.GetValue<int>();
        string first = trial == 0 ? "1, 2, 3" : "0, 2, 3";
        Assert.Contains($"missing  2147483646 of 2147483647 trials ({first}, ", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_whose_counts_differ_from_the_sweep_or_the_other_lines_is_refused()
    {
        using var dir = new TempDirectory();
        Crafted(dir, out string line);
        // Resuming: the sweep id matches, the trial count does not.
        File.WriteAllText(dir["r.jsonl"], line + "\n");
        var resumed = Fnet.InProcess([.. Sweep, "--out", dir["r.jsonl"]]);
        Fnet.AssertOneLineError(resumed, "says 2147483647 trials of 2 folds, but this sweep has 2 of 2; give another --out");
        // Collecting: two lines of one sweep id that disagree on the count.
        File.WriteAllLines(dir["two.jsonl"], [File.ReadAllLines(dir["s.jsonl"]).First(l => !l.Contains($"\"trial\":{Trial(line)},", StringComparison.Ordinal)), line]);
        Fnet.AssertOneLineError(Fnet.InProcess("sweep", "--collect", dir["two.jsonl"]), "two.jsonl:2: says 2147483647 trials of 2 folds, but ");
    }

    [Fact]
    public void Ctrl_C_while_collecting_is_exit_130()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess([.. Sweep, "--out", dir["s.jsonl"]]).ExitCode);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var run = Fnet.InProcess(cancelled.Token, "sweep", "--collect", dir["s.jsonl"]);
        Fnet.AssertOneLineError(run, "interrupted while reading results file");
        Assert.Equal(130, run.ExitCode);
    }

    // A real trial line of a finished 2-trial sweep, its trial count set to 2³¹ − 1, alone in crafted.jsonl.
    private static string Crafted(TempDirectory dir, out string line)
    {
        var run = Fnet.InProcess([.. Sweep, "--out", dir["s.jsonl"]]);
        Assert.True(run.ExitCode == 0, run.Error);
        var node = JsonNode.Parse(File.ReadAllLines(dir["s.jsonl"])[0])!.AsObject();
        node["trials"] = int.MaxValue;
        line = node.ToJsonString();
        File.WriteAllText(dir["crafted.jsonl"], line + "\n");
        return dir["crafted.jsonl"];
    }

    private static int Trial(string line) => JsonNode.Parse(line)!["trial"]!.GetValue<int>();
}
