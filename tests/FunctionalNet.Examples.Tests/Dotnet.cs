using System.Diagnostics;

namespace FunctionalNet.Examples.Tests;

/// <summary>Runs the <c>dotnet</c> command line in a folder and captures its exit code and output.</summary>
internal static class Dotnet
{
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan limit, params IEnumerable<string> arguments) =>
        Run(workingDirectory, limit, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Run(string, TimeSpan, IEnumerable{string})"/>, with extra environment variables.</summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan limit, IReadOnlyDictionary<string, string> environment, params IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(limit)) { process.Kill(true); throw new TimeoutException($"dotnet {string.Join(' ', info.ArgumentList)} ran over {limit}"); }
        return (process.ExitCode, stdout + stderr.Result);
    }
}
