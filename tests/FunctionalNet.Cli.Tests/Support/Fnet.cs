using System.Diagnostics;
using FunctionalNet.Cli;

namespace FunctionalNet.Cli.Tests.Support;

/// <summary>What one run of fnet produced.</summary>
public sealed record Run(int ExitCode, string Out, string Error)
{
    /// <summary>The stderr lines, without the empty trailing one.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs fnet in-process (fast, same code path after the process edge) or as a real process on the built tool.</summary>
public static class Fnet
{
    public static Run InProcess(params string[] args) => InProcess(CancellationToken.None, args);

    public static Run InProcess(CancellationToken cancel, params string[] args) => InProcess(false, cancel, args);

    /// <summary>Runs as if on a terminal (<paramref name="interactive"/>): live progress bars instead of plain lines.</summary>
    public static Run InProcess(bool interactive, CancellationToken cancel, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Cli.Run(args, new Terminal(output, error, interactive, cancel));
        return new Run(code, output.ToString(), error.ToString());
    }

    /// <summary>The built tool (fnet.dll, copied beside the tests by the project reference).</summary>
    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "fnet.dll");

    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, false, args, null);

    /// <summary>Starts the tool with its stdin a pipe the test writes to (<c>--data /dev/stdin</c>).</summary>
    public static Process StartWithStdin(string workingDirectory, params string[] args) => Start(workingDirectory, true, args, null);

    private static Process Start(string workingDirectory, bool stdin, string[] args, int? heapLimit)
    {
        // Through `env --default-signal=INT`: a test host started in the background (`cmd &` in a script, nohup) has
        // SIGINT ignored, children inherit that, and .NET then leaves it ignored, so a Ctrl+C test would wait forever.
        var info = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = stdin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (heapLimit is { } limit) info.Environment["DOTNET_GCHeapHardLimit"] = limit.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(ToolPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    public static Run AsProcess(string workingDirectory, params string[] args) => AsProcess(workingDirectory, null, args);

    /// <summary>Runs the tool as a process whose GC heap is limited to <paramref name="heapLimit"/> bytes (<c>DOTNET_GCHeapHardLimit</c>).</summary>
    public static Run UnderHeapLimit(string workingDirectory, int heapLimit, params string[] args) => AsProcess(workingDirectory, heapLimit, args);

    private static Run AsProcess(string workingDirectory, int? heapLimit, string[] args)
    {
        using var process = Start(workingDirectory, false, args, heapLimit);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Run(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Asserts the contract for bad input: exit code ≠ 0, exactly one line on stderr naming the problem, no stack trace.</summary>
    public static void AssertOneLineError(Run run, string fragment)
    {
        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("fnet: ", line, StringComparison.Ordinal);
        Assert.Contains(fragment, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }
}
