using System.Diagnostics;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet train --distributed</c> under a real <c>mpirun</c>: 1, 2 and 4 processes write the model.safetensors bytes of
/// the one-process run with the same slots (mini-batch Adam, validation and dropout, float32 and float64); bad sharing
/// options are refused in one line before MPI is touched.
/// </summary>
public class DistributedTrainTests
{
    private static readonly string[] Training =
        ["train", "--data", "moons", "--samples", "160", "--layers", "24", "--optimizer", "adam", "--lr", "0.01", "--batch-size", "32",
            "--epochs", "2", "--validation-split", "0.2", "--dropout", "0.2", "--quiet"];

    [MpiTheory]
    [InlineData(1, "float64")]
    [InlineData(2, "float32")]
    [InlineData(4, "float64")]
    public void Every_process_count_writes_the_one_process_model(int processes, string dtype)
    {
        using var dir = new TempDirectory();
        var alone = Fnet.InProcess([.. Training, "--slots", "4", "--dtype", dtype, "--out", dir["alone"]]);
        Assert.True(alone.ExitCode == 0, alone.Error);
        var (code, output) = MpiRun(dir.Path, processes, [.. Training, "--slots", "4", "--dtype", dtype, "--distributed", "--out", dir["shared"]]);
        Assert.True(code == 0, output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir["alone"], "model.safetensors")), File.ReadAllBytes(Path.Combine(dir["shared"], "model.safetensors")));
    }

    [Fact]
    public void Slots_that_are_not_a_power_of_two_are_refused_in_one_line()
    {
        using var dir = new TempDirectory();
        Fnet.AssertOneLineError(Fnet.InProcess([.. Training, "--slots", "3", "--distributed", "--out", dir["m"]]), "--slots: the slots must be a power of two");
    }

    [Fact]
    public void Multi_label_training_is_refused_before_mpi_starts()
    {
        using var dir = new TempDirectory();
        string csv = dir.Write("tags.csv", "x,a,b\n0.1,1,0\n0.2,0,1\n0.3,1,1\n0.4,0,0\n");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", csv, "--task", "multilabel", "--label", "a,b", "--distributed", "--out", dir["m"]),
            "--distributed trains classifiers and regressors");
    }

    private static (int Code, string Output) MpiRun(string directory, int processes, string[] args)
    {
        var info = new ProcessStartInfo(MpiTheoryAttribute.MpiRun!)
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in (string[])["--allow-run-as-root", "--oversubscribe", "-np", processes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "dotnet", Fnet.ToolPath, .. args])
            info.ArgumentList.Add(a);
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
