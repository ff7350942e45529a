using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 28 item 7, the cluster recipe as a scheduler runs it: <c>--shard i/n</c> processes side by side, one killed
/// mid-trial (SIGKILL, as a lost node or an exceeded memory limit ends it), rerun, and collected into the unsharded table.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class SweepClusterTests
{
    // 2 configurations × 2 folds; a trial of a fresh process takes a second or two, so a kill soon after the
    // "running" line lands inside the shard's first trial.
    private static readonly string[] Sweep =
        ["sweep", "--data", "moons", "--samples", "120", "--layers", "16,16", "--epochs", "1000", "--folds", "2", "--grid", "lr=0.1|0.5", "--parallel", "1", "--quiet"];

    [Fact]
    public async Task Shards_run_at_once_one_killed_mid_trial_and_rerun_collect_to_the_unsharded_sweep()
    {
        using var dir = new TempDirectory();
        var whole = Fnet.InProcess([.. Sweep, "--out", dir["all.jsonl"]]);
        Assert.True(whole.ExitCode == 0, whole.Error);
        using var first = Fnet.Start(dir.Path, [.. Sweep, "--shard", "0/2", "--out", "s0.jsonl"]);
        using var killed = Fnet.Start(dir.Path, [.. Sweep, "--shard", "1/2", "--out", "s1.jsonl"]);
        var firstOut = first.StandardOutput.ReadToEndAsync();
        var firstError = first.StandardError.ReadToEndAsync();
        string? line;
        while ((line = killed.StandardOutput.ReadLine()) is not null && !line.StartsWith("running", StringComparison.Ordinal)) { }
        Assert.NotNull(line);
        await Task.Delay(150);
        killed.Kill();
        await killed.WaitForExitAsync();
        await first.WaitForExitAsync();
        Assert.True(first.ExitCode == 0, await firstError + await firstOut);
        // Killed inside its first trial: nothing of it is recorded, and the rerun does both of its trials.
        Assert.Empty(File.Exists(dir["s1.jsonl"]) ? File.ReadAllLines(dir["s1.jsonl"]) : []);
        var rerun = Fnet.InProcess([.. Sweep, "--shard", "1/2", "--out", dir["s1.jsonl"]]);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Contains("running  2 trials", rerun.Out, StringComparison.Ordinal);
        var collected = Fnet.InProcess("sweep", "--collect", dir["s0.jsonl"], dir["s1.jsonl"]);
        Assert.True(collected.ExitCode == 0, collected.Error);
        Assert.Contains("4 of 4 trials from 2 files", collected.Out, StringComparison.Ordinal);
        Assert.Equal(SweepResults.Deterministic(dir["all.jsonl"]),
            new[] { "s0.jsonl", "s1.jsonl" }.SelectMany(f => SweepResults.Deterministic(dir[f])).Order(StringComparer.Ordinal));
        Assert.Equal(SweepResults.Table(whole.Out), SweepResults.Table(collected.Out));
    }
}
