using System.Diagnostics;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>The built tool run as a real process: exit codes, streams, signals, and the README's first command.</summary>
public class ProcessTests
{
    [Fact]
    public void The_tool_lists_its_data_sets()
    {
        using var dir = new TempDirectory();
        var run = Fnet.AsProcess(dir.Path, "datasets");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        foreach (var name in new[] { "moons", "circles", "xor", "spirals", "blobs", "digits" })
            Assert.Contains(name, run.Out, StringComparison.Ordinal);
        Assert.Contains("1347 + 450", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_gives_one_stderr_line_and_exit_code_2_from_the_real_process()
    {
        using var dir = new TempDirectory();
        Fnet.AssertOneLineError(Fnet.AsProcess(dir.Path, "train", "--data", "nope"), "--data 'nope' is neither a built-in data set");
        var run = Fnet.AsProcess(dir.Path, "predict", "--model", "missing", "--data", "x.csv");
        Fnet.AssertOneLineError(run, "model directory missing does not exist");
        Assert.Equal(2, run.ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Train_save_load_predict_round_trip_through_the_real_process()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.AsProcess(dir.Path, "datasets", "--export", "circles", "--samples", "80", "--out", "points.csv").ExitCode);
        var train = Fnet.AsProcess(dir.Path, "train", "--data", "circles", "--samples", "80", "--epochs", "50", "--dtype", "float32");
        Assert.Equal(0, train.ExitCode);
        Assert.True(File.Exists(Path.Combine(dir.Path, "model", "model.safetensors")));
        var first = Fnet.AsProcess(dir.Path, "predict", "--data", "points.csv", "--proba");
        var inProcess = Fnet.InProcess("predict", "--model", dir["model"], "--data", dir["points.csv"], "--proba");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(81, first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(inProcess.Out, first.Out);
    }

    [Theory]
    [InlineData("gd", "0", "interrupted during epoch")]
    [InlineData("adam", "8", "interrupted during epoch")]
    [InlineData("lbfgs", "0", "interrupted during epoch")]
    public void Sigint_stops_training_at_the_next_step_and_saves_the_model_kept_so_far(string optimizer, string batch, string message)
    {
        using var dir = new TempDirectory();
        // lbfgs ends by itself once converged, so every optimizer gets a problem that takes thousands of steps
        // (noisy data, a 32-32 network) and is interrupted long before that.
        using var process = Fnet.Start(dir.Path, "train", "--samples", "400", "--noise", "0.4", "--layers", "32,32", "--optimizer", optimizer,
            "--batch-size", batch, "--lr", "0.01", "--epochs", "100000000", "--out", "m");
        // Plain (redirected) output prints the first epoch's line: training is under way once it appears.
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("epoch 1/", StringComparison.Ordinal)) { }
        Assert.NotNull(line);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        string rest = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(130, process.ExitCode);
        Assert.Contains(message, rest, StringComparison.Ordinal);
        var card = TrainCommandTests.Loaded(dir["m"]).Card;
        Assert.True(card.Training!.EpochsRun >= 1);
        Assert.Empty(Directory.GetFiles(dir["m"], "*.fnet-tmp"));
    }

    [Fact]
    public async Task The_readme_first_command_runs_and_draws()
    {
        // README: dotnet run --project src/FunctionalNet.Cli -- train --data moons (run here from a scratch directory).
        using var dir = new TempDirectory();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "run", "--project", Path.Combine(RepositoryRoot(), "src", "FunctionalNet.Cli"), "--", "train", "--data", "moons" })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        Assert.Contains("network  2-5-5-2", stdout, StringComparison.Ordinal);
        Assert.Contains("accuracy train", stdout, StringComparison.Ordinal);
        foreach (var file in new[] { "model.safetensors", "model.json", "loss.svg", "boundary.svg", "confusion.svg" })
            Assert.True(File.Exists(Path.Combine(dir.Path, "model", file)), file);
        Assert.True(TrainCommandTests.Loaded(dir["model"]).Card.Metrics["test_accuracy"] >= 0.9);
    }

    [Fact]
    public async Task The_tool_packs_installs_and_runs_as_fnet()
    {
        // README: dotnet pack src/FunctionalNet.Cli, then dotnet tool install. --no-build packs what this test run was built
        // from (same configuration), so the test never rebuilds projects other tests are using.
        using var dir = new TempDirectory();
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        await Dotnet(dir.Path, "pack", Path.Combine(RepositoryRoot(), "src", "FunctionalNet.Cli"), "--no-build", "-c", configuration, "-o", dir["feed"]);
        // A private package folder, so the install takes the package just packed and never a cached one of the same version.
        await Dotnet(dir.Path, "tool", "install", "--tool-path", dir["tools"], "--add-source", dir["feed"], "FunctionalNet.Cli");
        var info = new ProcessStartInfo(Path.Combine(dir["tools"], "fnet")) { WorkingDirectory = dir.Path, RedirectStandardOutput = true };
        info.ArgumentList.Add("datasets");
        using var fnet = Process.Start(info)!;
        string listing = await fnet.StandardOutput.ReadToEndAsync();
        await fnet.WaitForExitAsync();
        Assert.Equal(0, fnet.ExitCode);
        Assert.Contains("moons", listing, StringComparison.Ordinal);
    }

    private static async Task Dotnet(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["NUGET_PACKAGES"] = Path.Combine(directory, "packages");
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)}: exit {process.ExitCode}\n{stdout}\n{await stderr}");
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "FunctionalNet.sln"))) return d.FullName;
        throw new InvalidOperationException("FunctionalNet.sln not found above " + AppContext.BaseDirectory);
    }
}
