using System.Diagnostics;

namespace FunctionalNet.Tests.Support;

/// <summary>Runs <c>/usr/bin/python3</c>, for the facts that compare with a Python package when it is installed.</summary>
public static class Python
{
    public const string Path = "/usr/bin/python3";

    /// <summary>The process's stdout, or null when Python is absent, fails, or does not finish within <paramref name="timeoutMs"/>.</summary>
    public static string? Run(IEnumerable<string> arguments, int timeoutMs = 120_000)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Path, arguments) { RedirectStandardError = true, RedirectStandardOutput = true });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync(); // drained so a chatty stderr cannot block the child
            if (!process.WaitForExit(timeoutMs))
            {
                process.Kill();
                return null;
            }
            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>True when Python can import <paramref name="module"/>.</summary>
    public static bool CanImport(string module) => Run(["-c", "import " + module], 60_000) is not null;
}
