using System.Diagnostics;

namespace FunctionalNet.Tests.Support;

/// <summary>A fact skipped, with a message, where <c>/usr/bin/python3</c> cannot import the <c>onnx</c> package (CI need not have it).</summary>
public sealed class PythonOnnxFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import onnx"])
            { RedirectStandardError = true, RedirectStandardOutput = true });
            if (process is null) return false;
            process.WaitForExit(60_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public PythonOnnxFactAttribute()
    {
        if (!Available.Value) Skip = $"{Python} cannot import onnx (pip install onnx to run onnx.checker on an exported model)";
    }
}
