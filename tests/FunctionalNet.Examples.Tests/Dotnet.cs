using System.Diagnostics;

namespace FunctionalNet.Examples.Tests;

/// <summary>Runs the <c>dotnet</c> command line in a folder and captures its exit code and output.</summary>
internal static class Dotnet
{
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan limit, params IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(limit)) { process.Kill(true); throw new TimeoutException($"dotnet {string.Join(' ', info.ArgumentList)} ran over {limit}"); }
        return (process.ExitCode, stdout + stderr.Result);
    }
}
