using System.Diagnostics;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet train --distributed</c> under a real <c>mpirun</c>: 1, 2, 4 and 8 processes write the model.safetensors bytes of
/// the one-process run with the same slots (mini-batch Adam, validation and dropout, float32 and float64); a run resumed
/// with another process count ends on the same bytes; a process killed or hung mid-run ends the job within the
/// collective timeout, non-zero, with the model already in --out untouched; bad sharing options are refused in one line
/// before MPI is touched.
/// </summary>
public class DistributedTrainTests
{
    private static readonly string[] Moons =
        ["train", "--data", "moons", "--samples", "160", "--layers", "24", "--optimizer", "adam", "--lr", "0.01", "--batch-size", "32",
            "--validation-split", "0.2", "--dropout", "0.2", "--quiet"];

    // Eight slots of four rows, so every process count up to 8 divides them.
    private static readonly string[] Training = [.. Moons, "--slots", "8"];

    [MpiTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Every_process_count_writes_the_one_process_model_in_float32_and_float64(int processes)
    {
        using var dir = new TempDirectory();
        foreach (string dtype in (string[])["float32", "float64"])
        {
            var alone = Fnet.InProcess([.. Training, "--epochs", "2", "--dtype", dtype, "--out", dir["alone-" + dtype]]);
            Assert.True(alone.ExitCode == 0, alone.Error);
            var (code, output) = MpiRun(dir.Path, processes, [.. Training, "--epochs", "2", "--dtype", dtype, "--distributed", "--out", dir["shared-" + dtype]]);
            Assert.True(code == 0, output);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir["alone-" + dtype], "model.safetensors")), File.ReadAllBytes(Path.Combine(dir["shared-" + dtype], "model.safetensors")));
        }
    }

    [MpiTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Sharded_sampling_from_a_csv_and_from_a_row_cache_writes_the_one_process_sharded_model(int processes)
    {
        using var dir = new TempDirectory();
        string csv = dir.Write("points.csv", Points(150));
        Assert.Equal(0, Fnet.InProcess("cache", "--data", csv, "--label", "y", "--chunk-rows", "16", "--out", dir["points.fnetc"]).ExitCode);
        // Batches of 32 rows in 8 slots of 4, each from its own shard of the training rows.
        string[] sharded = ["train", "--layers", "12", "--optimizer", "adam", "--lr", "0.01", "--batch-size", "32", "--slots", "8", "--sampling", "sharded",
            "--validation-split", "0.2", "--dropout", "0.2", "--epochs", "2", "--quiet"];
        // A cache holds its labels: --label is the CSV's only.
        foreach (var (name, data) in ((string Name, string[] Args)[])[("csv", ["--data", csv, "--label", "y"]), ("cache", ["--data", dir["points.fnetc"]])])
        {
            var alone = Fnet.InProcess([.. sharded, .. data, "--out", dir[name + "-alone"]]);
            Assert.True(alone.ExitCode == 0, alone.Error);
            Assert.Contains("\"sampling\": \"sharded\"", File.ReadAllText(Path.Combine(dir[name + "-alone"], "model.json")), StringComparison.Ordinal);
            var (code, output) = MpiRun(dir.Path, processes, [.. sharded, .. data, "--distributed", "--out", dir[name + "-shared"]]);
            Assert.True(code == 0, output);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir[name + "-alone"], "model.safetensors")), File.ReadAllBytes(Path.Combine(dir[name + "-shared"], "model.safetensors")));
        }
    }

    [MpiFact]
    public void A_row_cache_shuffled_whole_trains_the_one_process_model_and_a_damaged_chunk_ends_every_process_naming_it()
    {
        using var dir = new TempDirectory();
        string csv = dir.Write("points.csv", Points(400));
        Assert.Equal(0, Fnet.InProcess("cache", "--data", csv, "--label", "y", "--chunk-rows", "16", "--out", dir["points.fnetc"]).ExitCode);
        // 80 test rows last, 64 validation rows before them (chunks 17–20 of 16 rows, 1-based), 256 training rows.
        string[] run = ["train", "--data", dir["points.fnetc"], "--layers", "12", "--optimizer", "adam", "--lr", "0.01", "--batch-size", "32", "--slots", "8",
            "--test-split", "0.2", "--validation-split", "0.2", "--epochs", "2", "--quiet"];
        var alone = Fnet.InProcess([.. run, "--out", dir["alone"]]);
        Assert.True(alone.ExitCode == 0, alone.Error);
        var (code, output) = MpiRun(dir.Path, 2, [.. run, "--distributed", "--out", dir["shared"]]);
        Assert.True(code == 0, output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir["alone"], "model.safetensors")), File.ReadAllBytes(Path.Combine(dir["shared"], "model.safetensors")));
        // A feature byte of row 306, in chunk 20, the last validation chunk: only process 1 of 2 reads it, and it alone says so.
        int rowBytes;
        using (var file = FunctionalNet.IO.RowCache.OpenTable(dir["points.fnetc"]).Match(f => f, e => throw new InvalidOperationException(e.Message))) rowBytes = file.Header.RowBytes;
        using (var stream = new FileStream(dir["points.fnetc"], FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = FunctionalNet.Formats.RowCacheHeader.Size + 305L * rowBytes;
            int b = stream.ReadByte();
            stream.Position--;
            stream.WriteByte((byte)(b ^ 0x40));
        }
        (code, output) = MpiRun(dir.Path, 2, [.. run, "--distributed", "--collective-timeout", "60", "--out", dir["shared"]]);
        Assert.True(code != 0 && code != -1, output);
        Assert.Contains("fnet: rank 1: cache " + dir["points.fnetc"] + ": chunk 20 (rows 305 to 320): its features hash to", output, StringComparison.Ordinal);
        Assert.Contains("; ending all 2 processes", output, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing from rank", output, StringComparison.Ordinal);
    }

    // Two features and a 0/1 label from a fixed pseudo-random sequence (no generator of the code under test).
    internal static string Points(int rows)
    {
        var text = new System.Text.StringBuilder("a,b,y\n");
        uint state = 12345;
        double Next() => (state = state * 1664525 + 1013904223) / (double)uint.MaxValue * 2 - 1;
        for (int i = 0; i < rows; i++)
        {
            double a = Next(), b = Next();
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{a:R},{b:R},{(a * b > 0 ? 1 : 0)}\n");
        }
        return text.ToString();
    }

    [MpiFact]
    public void A_run_resumed_with_another_process_count_ends_on_the_uninterrupted_runs_bytes()
    {
        using var dir = new TempDirectory();
        var whole = Fnet.InProcess([.. Training, "--epochs", "3", "--out", dir["whole"]]);
        Assert.True(whole.ExitCode == 0, whole.Error);
        var first = Fnet.InProcess([.. Training, "--epochs", "1", "--checkpoint-every", "1", "--out", dir["split"]]);
        Assert.True(first.ExitCode == 0, first.Error);
        var (code, output) = MpiRun(dir.Path, 2, [.. Training, "--epochs", "3", "--resume", dir["split"], "--distributed", "--out", dir["split"]]);
        Assert.True(code == 0, output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir["whole"], "model.safetensors")), File.ReadAllBytes(Path.Combine(dir["split"], "model.safetensors")));
    }

    [MpiTheory]
    [InlineData("hang")]
    [InlineData("kill")]
    public void A_process_that_fails_mid_run_ends_every_process_and_leaves_the_saved_model(string fault)
    {
        using var dir = new TempDirectory();
        var before = Fnet.InProcess([.. Training, "--epochs", "2", "--out", dir["m"]]);
        Assert.True(before.ExitCode == 0, before.Error);
        var saved = Saved(dir["m"]).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        // Process 1 stops answering (or is killed) as it enters its third exchange: training has begun everywhere.
        var (code, output) = MpiRun(dir.Path, 2, [.. Training, "--epochs", "20", "--distributed", "--collective-timeout", "2", "--out", dir["m"]],
            ("FNET_TEST_RANK_FAULT", $"1:3:{fault}"));
        // -1: still running at MpiRun's two-minute guard, i.e. the job hung instead of ending at the collective timeout.
        Assert.True(code != 0 && code != -1, output);
        if (fault == "hang")
        {
            Assert.Equal(2, code);
            Assert.Contains("fnet: rank 0: nothing from rank 1 within 2 s at exchange 3", output, StringComparison.Ordinal);
        }
        else Assert.Contains("rank 1", output, StringComparison.Ordinal); // mpirun's own report of the killed process
        Assert.Equal(saved.Keys.Order(), Saved(dir["m"]).Select(f => Path.GetFileName(f)).Order());
        foreach (var (name, bytes) in saved) Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(dir["m"], name)));
    }

    [MpiFact]
    public void Processes_other_than_0_write_nothing_even_when_killed_after_a_checkpoint()
    {
        using var dir = new TempDirectory();
        string temp = dir["tmp"];
        Directory.CreateDirectory(temp);
        // Process 1 is killed in the second or third epoch (4 batches and a validation cost an epoch), after process 0's
        // first checkpoint; killed, it runs no cleanup, so whatever it wrote stays in its temporary directory.
        var (code, output) = MpiRun(dir.Path, 2, [.. Training, "--epochs", "20", "--checkpoint-every", "1", "--distributed", "--collective-timeout", "5", "--out", dir["m"]],
            ("FNET_TEST_RANK_FAULT", "1:12:kill"), ("TMPDIR", temp));
        Assert.True(code != 0 && code != -1, output);
        Assert.True(File.Exists(Path.Combine(dir["m"], "checkpoint", "checkpoint.json")), "process 0 wrote no checkpoint before process 1 was killed: " + output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp, "fnet-rank*"));
    }

    [MpiFact]
    public void A_second_distributed_run_in_one_process_is_refused_in_one_line()
    {
        using var dir = new TempDirectory();
        // MPI may already have run and ended in this test process (another in-process --distributed case): then both are refused.
        var first = Fnet.InProcess([.. Training, "--epochs", "1", "--distributed", "--out", dir["a"]]);
        Assert.True(first.ExitCode == 0 || first.Error.Contains("MPI has already ended", StringComparison.Ordinal), first.Error);
        Fnet.AssertOneLineError(Fnet.InProcess([.. Training, "--epochs", "1", "--distributed", "--out", dir["b"]]), "--distributed: MPI has already ended in this process");
    }

    [Fact]
    public void A_collective_timeout_that_is_not_positive_is_refused_in_one_line()
    {
        using var dir = new TempDirectory();
        Fnet.AssertOneLineError(Fnet.InProcess([.. Training, "--epochs", "2", "--distributed", "--collective-timeout", "0", "--out", dir["m"]]),
            "--collective-timeout: expected a number of seconds above 0, found 0");
    }

    [Fact]
    public void Slots_that_are_not_a_power_of_two_are_refused_in_one_line()
    {
        using var dir = new TempDirectory();
        Fnet.AssertOneLineError(Fnet.InProcess([.. Moons, "--epochs", "2", "--slots", "3", "--distributed", "--out", dir["m"]]), "--slots: the slots must be a power of two");
    }

    [Fact]
    public void A_sampling_that_is_unknown_or_does_not_fit_the_slots_is_refused_in_one_line()
    {
        using var dir = new TempDirectory();
        Fnet.AssertOneLineError(Fnet.InProcess([.. Training, "--epochs", "1", "--sampling", "striped", "--out", dir["a"]]),
            "--sampling: expected shuffled or sharded, found 'striped'");
        string[] moons = ["train", "--data", "moons", "--samples", "160", "--layers", "8", "--epochs", "1", "--sampling", "sharded", "--quiet"];
        Fnet.AssertOneLineError(Fnet.InProcess([.. moons, "--optimizer", "adam", "--batch-size", "36", "--slots", "8", "--out", dir["b"]]),
            "the batch size must be a multiple of the slots");
        Fnet.AssertOneLineError(Fnet.InProcess([.. moons, "--optimizer", "rprop", "--out", dir["c"]]), "sharded sampling orders mini-batches");
    }

    [Fact]
    public void Multi_label_training_is_refused_before_mpi_starts()
    {
        using var dir = new TempDirectory();
        string csv = dir.Write("tags.csv", "x,a,b\n0.1,1,0\n0.2,0,1\n0.3,1,1\n0.4,0,0\n");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", csv, "--task", "multilabel", "--label", "a,b", "--distributed", "--out", dir["m"]),
            "--distributed trains classifiers and regressors");
    }

    // The model directory's files but its lock's (a killed process leaves its owner file, which the next run replaces).
    private static IEnumerable<string> Saved(string directory) =>
        Directory.GetFiles(directory).Where(f => !Path.GetFileName(f).StartsWith(".fnet.lock", StringComparison.Ordinal));

    private static (int Code, string Output) MpiRun(string directory, int processes, string[] args, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(MpiTheoryAttribute.MpiRun!)
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in (string[])["--allow-run-as-root", "--oversubscribe", "-np", processes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     .. environment.SelectMany(e => (string[])["-x", e.Name]), "dotnet", Fnet.ToolPath, .. args])
            info.ArgumentList.Add(a);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "mpirun did not finish in two minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
