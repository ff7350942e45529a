using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>
/// Issue 16, item 9: <c>--data</c> a named FIFO (or stdin) is opened once and read once, streaming; a FIFO that never
/// delivers does not hang the tool past SIGTERM. Each test synchronises on the FIFO itself (the writer's open returns
/// only once fnet has opened the other end), so no clock decides when a signal is sent.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class FifoTests
{
    private const int Terminate = 15;

    // Generous: only a hang takes this long, and then the test fails instead of waiting forever.
    private const int HangMilliseconds = 120_000;

    private static string Fifo(TempDirectory dir, string name) => SpecialFiles.Fifo(dir[name]);

    [Fact]
    public async Task A_fifo_is_opened_and_read_once_and_trains()
    {
        using var dir = new TempDirectory();
        string fifo = Fifo(dir, "data.csv");
        using var process = Fnet.Start(dir.Path, "train", "--data", fifo, "--layers", "3", "--epochs", "3", "--out", "m", "-q");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Blocks until fnet opens the FIFO for reading; a second open by fnet would find no writer and block forever.
        var writer = Task.Run(() => File.WriteAllText(fifo, TinyCsv.Rows(60)));
        var exit = process.WaitForExitAsync();
        bool exited = await Task.WhenAny(exit, Task.Delay(HangMilliseconds)) == exit;
        if (!exited) process.Kill();
        Assert.True(exited, "fnet hung reading a FIFO");
        await writer;
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains("saved", await stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir["m"], "model.json")));
    }

    [Fact]
    public async Task Sigterm_while_a_fifo_delivers_nothing_ends_the_run_with_one_line_and_exit_130()
    {
        using var dir = new TempDirectory();
        string fifo = Fifo(dir, "data.csv");
        using var process = Fnet.Start(dir.Path, "train", "--data", fifo, "--out", "m");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        // Open the writing end (returns once fnet has opened the reading end) and write nothing: fnet waits in read(2).
        await using var writer = await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write));
        Signals.Send(process.Id, Terminate);
        var exit = process.WaitForExitAsync();
        bool exited = await Task.WhenAny(exit, Task.Delay(HangMilliseconds)) == exit;
        if (!exited) process.Kill();
        Assert.True(exited, "fnet ignored SIGTERM while waiting for a FIFO");
        var run = new Run(process.ExitCode, "", await stderr);
        Fnet.AssertOneLineError(run, "interrupted before the first epoch finished; nothing was saved");
        Assert.Equal(130, run.ExitCode);
        Assert.False(Directory.Exists(dir["m"]));
    }

    [Fact]
    public async Task Stdin_is_read_once_and_trains()
    {
        using var dir = new TempDirectory();
        using var process = Fnet.StartWithStdin(dir.Path, "train", "--data", "/dev/stdin", "--layers", "3", "--epochs", "3", "--out", "m", "-q");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(TinyCsv.Rows(60));
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(HangMilliseconds), "fnet hung reading stdin");
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains("saved", await stdout, StringComparison.Ordinal);
    }
}
