using System.Diagnostics;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;
using Xunit.Abstractions;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>
/// Faults around <c>fnet train --out DIR</c> run as a real process over an existing model: killed at each file event
/// of its save, an unwritable or impossible directory, a file-size limit standing in for a full disk, and Ctrl+C.
/// Afterwards DIR holds a complete model that loads and matches one whole save — never a mix.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class FaultTests(ITestOutputHelper output)
{
    private const int Kills = 8;

    // 2-64-64-2 (4,482 parameters, 36 KB of weights) on 300 moons: big enough that saving takes a moment, fast to train.
    private static string[] Train(string dir, int seed, int epochs = 60) =>
        ["train", "--samples", "300", "--layers", "64,64", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir, "-q"];

    private static byte[] Weights(string dir) => File.ReadAllBytes(Path.Combine(dir, ModelStore.WeightsFile));

    private static void AssertLoads(string dir, string when)
    {
        var loaded = ModelStore.Load(dir);
        Assert.True(loaded.IsRight, $"{when}: {loaded.Match(_ => "", e => e.ToString())}");
    }

    [Fact]
    public async Task Sigkill_at_each_file_event_of_a_save_always_leaves_a_complete_model_old_or_new()
    {
        using var dir = new TempDirectory();
        string model = dir["m"];
        // The two models the runs alternate between; training is deterministic, so each save writes one of these exactly.
        Assert.Equal(0, Fnet.InProcess(Train(model, 1)).ExitCode);
        string first = Held(model, "the first model");
        int events;
        using (var watch = new SaveWatch(model, int.MaxValue))
        {
            Assert.Equal(0, Fnet.AsProcess(dir.Path, Train(model, 2)).ExitCode);
            events = watch.Seen;
        }
        string second = Held(model, "the second model");
        Assert.NotEqual(first, second);
        Assert.True(events > 0, "a save changes files in the model directory");

        // Kill points anchored to what the run does, not to a clock: at start, then at the k-th file-system event a
        // save causes in the directory (staging files created, written, renamed), spread over all of them.
        for (int kill = 0; kill < Kills; kill++)
        {
            string old = Held(model, $"before kill {kill}");
            int target = kill * events / Kills;
            using (var watch = new SaveWatch(model, target))
            using (var process = Fnet.Start(dir.Path, Train(model, old == second ? 1 : 2)))
            {
                await Task.WhenAny(watch.Reached, process.WaitForExitAsync());
                if (!process.HasExited) process.Kill(); // SIGKILL: no handler, no finally, no flush
                await process.WaitForExitAsync();
            }
            string now = Held(model, $"after kill {kill} at file event {target}");
            Assert.True(now == first || now == second, $"after kill {kill}, the model is neither the old nor the new one");
            output.WriteLine($"kill {kill} at file event {target} of {events}: holds the {(now == old ? "old" : "new")} model");
        }
    }

    /// <summary>Counts file-system events in a directory; <see cref="Reached"/> completes at the target count (0: at once).</summary>
    private sealed class SaveWatch : IDisposable
    {
        private readonly FileSystemWatcher watcher;
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int target;
        private int seen;

        public SaveWatch(string directory, int target)
        {
            this.target = target;
            if (target <= 0) reached.TrySetResult();
            watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Created += (_, _) => Count();
            watcher.Changed += (_, _) => Count();
            watcher.Deleted += (_, _) => Count();
            watcher.Renamed += (_, _) => Count();
            watcher.EnableRaisingEvents = true;
        }

        public int Seen => Volatile.Read(ref seen);

        public Task Reached => reached.Task;

        private void Count()
        {
            if (Interlocked.Increment(ref seen) >= target) reached.TrySetResult();
        }

        public void Dispose() => watcher.Dispose();
    }

    // The SHA-256 of the weights the directory's model loads with: it must load, and its card vouches for the bytes.
    private static string Held(string dir, string when)
    {
        var loaded = ModelStore.Load(dir);
        Assert.True(loaded.IsRight, $"{when}: {loaded.Match(_ => "", e => e.ToString())}");
        return loaded.Match(m => m.Card.WeightsSha256, _ => "");
    }

    [Fact]
    public void A_read_only_model_directory_is_a_one_line_error_and_the_old_model_stays()
    {
        using var dir = new TempDirectory();
        string model = dir["m"];
        Assert.Equal(0, Fnet.InProcess(Train(model, 1, 20)).ExitCode);
        var before = Weights(model);
        string card = File.ReadAllText(Path.Combine(model, ModelStore.CardFile));
        Run run;
        using (new ReadOnlyDirectory(model))
            run = Fnet.AsProcess(dir.Path, Train(model, 2, 20));
        Fnet.AssertOneLineError(run, model);
        Assert.Equal(before, Weights(model));
        Assert.Equal(card, File.ReadAllText(Path.Combine(model, ModelStore.CardFile)));
        AssertLoads(model, "after the refused save");
    }

    [Fact]
    public void A_missing_model_directory_is_created_and_an_impossible_one_is_a_one_line_error()
    {
        using var dir = new TempDirectory();
        string nested = Path.Combine(dir.Path, "a", "b", "m");
        Assert.Equal(0, Fnet.AsProcess(dir.Path, Train(nested, 1, 10)).ExitCode);
        AssertLoads(nested, "a directory created with its parents");

        string blocker = dir.Write("file", "not a directory");
        Fnet.AssertOneLineError(Fnet.AsProcess(dir.Path, Train(Path.Combine(blocker, "m"), 1, 10)), blocker);
        Fnet.AssertOneLineError(Fnet.AsProcess(dir.Path, Train(blocker, 1, 10)), blocker);
        Assert.Equal("not a directory", File.ReadAllText(blocker));
    }

    [Fact]
    public async Task Running_out_of_file_space_mid_save_never_damages_the_previous_model()
    {
        // ulimit -f caps the size of any file the process writes, as a full disk would: the 36 KB weights cannot be
        // staged under 16 KB, and the kernel stops the process with SIGXFSZ (exit 128 + 25) in the middle of the write.
        using var dir = new TempDirectory();
        string model = dir["m"];
        Assert.Equal(0, Fnet.InProcess(Train(model, 1, 20)).ExitCode);
        var before = Weights(model);
        var run = await LimitedFileSize(dir.Path, "ulimit -f 16", Train(model, 2, 20));
        Assert.True(run.ExitCode == 128 + 25, $"expected death by SIGXFSZ while saving, found exit {run.ExitCode}: {run.Error} {run.Out}");
        Assert.Equal(before, Weights(model));
        AssertLoads(model, "after the failed save");
        Assert.Equal(0, Fnet.InProcess(Train(model, 2, 20)).ExitCode);
        Assert.Empty(Directory.GetFiles(model, "*" + AtomicWrite.TempSuffix)); // the next save clears what the failed one staged
        AssertLoads(model, "after the next save");
    }

    [Fact]
    public async Task A_write_refused_with_EFBIG_is_a_one_line_error_and_the_previous_model_still_predicts_the_same()
    {
        // As above, but with SIGXFSZ ignored the kernel fails the write with EFBIG instead of stopping the process,
        // which .NET raises as an ArgumentOutOfRangeException: fnet must name the file, exit 2 (not 70) and clean up.
        using var dir = new TempDirectory();
        string model = dir["m"];
        Assert.Equal(0, Fnet.InProcess(Train(model, 1, 20)).ExitCode);
        var before = Weights(model);
        string points = dir.Write("points.csv", "x,y\n0.5,0.25\n-1,0.5\n1.5,-0.5\n0,1\n");
        var predicted = Fnet.InProcess("predict", "--model", model, "--data", points, "--proba");
        Assert.Equal(0, predicted.ExitCode);

        var run = await LimitedFileSize(dir.Path, "trap '' XFSZ; ulimit -f 16", Train(model, 2, 20));
        Fnet.AssertOneLineError(run, $"cannot write {Path.Combine(model, ModelStore.WeightsFile)}: the file is larger than the file-size limit allows (EFBIG)");
        Assert.Equal(2, run.ExitCode);
        Assert.Empty(Directory.GetFiles(model, "*" + AtomicWrite.TempSuffix)); // the failed stage removed its own partial file
        Assert.Equal(before, Weights(model));
        AssertLoads(model, "after the refused save");
        Assert.Equal(predicted, Fnet.InProcess("predict", "--model", model, "--data", points, "--proba"));
    }

    // Runs the built fnet under a shell prelude (ulimit, trap); W^X is off because the runtime's double-mapped code
    // file would hit a file-size limit before Main.
    internal static async Task<Run> LimitedFileSize(string workingDirectory, string prelude, string[] args)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(prelude + " && exec dotnet \"$0\" \"$@\"");
        info.ArgumentList.Add(Fnet.ToolPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Sigint_mid_training_saves_the_best_model_so_far_and_exits_130()
    {
        using var dir = new TempDirectory();
        string model = dir["m"];
        string[] args = ["train", "--samples", "300", "--layers", "16,16", "--epochs", "10000000", "--out", model];
        using var process = Fnet.Start(dir.Path, args);
        var stderr = process.StandardError.ReadToEndAsync();
        // Wait for the first progress line: training has started and at least one epoch is done.
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("epoch 1/", StringComparison.Ordinal)) { }
        Assert.NotNull(line);
        Signals.Send(process.Id, Signals.Interrupt);
        string rest = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}; stderr: {await stderr}; stdout: {rest}");
        var loaded = ModelStore.Load(model).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.ToString()));
        var training = loaded.Card.Training!;
        Assert.Contains("interrupt", training.StopReason, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(training.EpochsRun, 1, 9_999_999);
    }
}
