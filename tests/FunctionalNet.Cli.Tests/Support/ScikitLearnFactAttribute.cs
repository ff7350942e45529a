using System.Diagnostics;

namespace FunctionalNet.Cli.Tests.Support;

/// <summary>A fact skipped, with a message, where <c>/usr/bin/python3</c> cannot import scikit-learn (CI need not have it).</summary>
public sealed class ScikitLearnFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(() => ScikitLearn.Run("import sklearn") is not null);

    public ScikitLearnFactAttribute()
    {
        if (!Available.Value) Skip = $"{Python} cannot import sklearn (install scikit-learn to compare metrics with it)";
    }
}

/// <summary>Runs a Python snippet with scikit-learn and returns its stdout, or null when Python or the snippet fails.</summary>
public static class ScikitLearn
{
    public static string? Run(string script)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(ScikitLearnFactAttribute.Python, ["-c", script])
            { RedirectStandardError = true, RedirectStandardOutput = true });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync(); // drained so a chatty stderr cannot block the child
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
