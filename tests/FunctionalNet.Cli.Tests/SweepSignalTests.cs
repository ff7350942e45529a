using System.Globalization;
using FunctionalNet.Cli.Tests.Hardening;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 31 item 1, issue 28 item 2: SIGTERM (a Slurm cancel, time limit or preemption) or SIGINT while a trial runs
/// ends <c>fnet sweep</c> with exit 130 and one line, every finished trial kept; the same command then finishes the
/// sweep and its table equals an uninterrupted run's line for line. Real processes, signalled at several points.
/// Issue 31 item 11: a second sweep into the same --out is refused while the first runs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class SweepSignalTests
{
    private const int Terminate = 15;

    // Generous: only a hang takes this long, and then the test fails instead of waiting forever.
    private const int HangMilliseconds = 120_000;

    // 2 configurations × 2 folds; thousands of full-batch epochs of a 16-16 network keep each trial running for a
    // while, so a signal sent just after a trial line (or the "running" line) lands inside the next trial.
    private static readonly string[] Sweep =
        ["sweep", "--data", "moons", "--samples", "400", "--layers", "16,16", "--epochs", "8000", "--folds", "2", "--grid", "lr=0.1|0.5", "--parallel", "1"];

    private static readonly Lazy<(string[] Lines, string Table)> Uninterrupted = new(() =>
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess([.. Sweep, "--out", dir["all.jsonl"]]);
        Assert.True(run.ExitCode == 0, run.Error);
        return (Deterministic(dir["all.jsonl"]), Table(run.Out));
    });

    [Theory]
    [InlineData(Terminate, 0, 300)]
    [InlineData(Signals.Interrupt, 0, 50)]
    [InlineData(Terminate, 1, 0)]
    [InlineData(Signals.Interrupt, 1, 400)]
    [InlineData(Terminate, 2, 150)]
    public async Task A_signal_during_a_trial_exits_130_keeps_finished_trials_and_the_rerun_equals_an_uninterrupted_sweep(
        int signal, int afterTrials, int delayMilliseconds)
    {
        using var dir = new TempDirectory();
        using var process = Fnet.Start(dir.Path, [.. Sweep, "--out", "s.jsonl"]);
        var stderr = process.StandardError.ReadToEndAsync();
        // Trials start once the "running" line is out; each finished one prints its line after writing it to --out.
        var seen = new List<string>();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            seen.Add(line);
            if (line.StartsWith("running", StringComparison.Ordinal) && afterTrials == 0) break;
            if (line.StartsWith("trial", StringComparison.Ordinal) && seen.Count(l => l.StartsWith("trial", StringComparison.Ordinal)) == afterTrials) break;
        }
        Assert.True(line is not null, "the sweep ended before the signal: " + string.Join('\n', seen));
        await Task.Delay(delayMilliseconds);
        Signals.Send(process.Id, signal);
        var rest = process.StandardOutput.ReadToEndAsync();
        var exit = process.WaitForExitAsync();
        bool exited = await Task.WhenAny(exit, Task.Delay(HangMilliseconds)) == exit;
        if (!exited) process.Kill();
        Assert.True(exited, "fnet sweep ignored the signal");
        seen.AddRange((await rest).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var run = new Run(process.ExitCode, string.Join('\n', seen), await stderr);
        Fnet.AssertOneLineError(run, "interrupted; the finished trials are in s.jsonl, and running the same command again does the rest");
        Assert.Equal(130, run.ExitCode);
        // Every trial reported as finished is in the file, whole, and is the uninterrupted sweep's own line.
        var kept = Deterministic(dir["s.jsonl"]);
        int reported = seen.Count(l => l.StartsWith("trial", StringComparison.Ordinal));
        Assert.Equal(reported, kept.Length);
        Assert.InRange(kept.Length, afterTrials, Uninterrupted.Value.Lines.Length - 1);
        Assert.Subset(Uninterrupted.Value.Lines.ToHashSet(), kept.ToHashSet());

        var finished = Fnet.InProcess([.. Sweep, "--out", dir["s.jsonl"]]);
        Assert.True(finished.ExitCode == 0, finished.Error);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"({kept.Length} already in "), finished.Out, StringComparison.Ordinal);
        Assert.Equal(Uninterrupted.Value.Lines, Deterministic(dir["s.jsonl"]));
        Assert.Equal(Uninterrupted.Value.Table, Table(finished.Out));
    }

    [Fact]
    public async Task A_second_sweep_into_the_same_results_file_is_refused_naming_the_holder_while_the_first_runs()
    {
        using var dir = new TempDirectory();
        using var first = Fnet.Start(dir.Path, [.. Sweep, "--out", "s.jsonl"]);
        var firstErrors = first.StandardError.ReadToEndAsync();
        // The lock is taken before the "running" line; the second sweep starts while the first trial trains.
        string? line;
        while ((line = first.StandardOutput.ReadLine()) is not null && !line.StartsWith("running", StringComparison.Ordinal)) { }
        Assert.NotNull(line);
        var second = Fnet.AsProcess(dir.Path, [.. Sweep, "--out", "s.jsonl"]);
        Fnet.AssertOneLineError(second, $"results file s.jsonl is being written by another sweep: lock s.jsonl.lock is in use by another run (pid {first.Id} holds");
        Assert.Equal(2, second.ExitCode);
        Assert.DoesNotContain("trial", second.Out, StringComparison.Ordinal);
        string rest = await first.StandardOutput.ReadToEndAsync();
        await first.WaitForExitAsync();
        Assert.True(first.ExitCode == 0, await firstErrors);
        // The first sweep's results alone, each trial once, and the lock gone with it.
        Assert.Equal(Uninterrupted.Value.Lines, Deterministic(dir["s.jsonl"]));
        Assert.Equal(Uninterrupted.Value.Table, Table(rest));
        Assert.False(Directory.Exists(dir["s.jsonl.lock"]));
    }

    private static string[] Deterministic(string path) => SweepResults.Deterministic(path);

    private static string Table(string output) => SweepResults.Table(output);
}
