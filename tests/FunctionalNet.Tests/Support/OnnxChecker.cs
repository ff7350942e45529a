using System.Diagnostics;

namespace FunctionalNet.Tests.Support;

/// <summary>The onnx package's checker (run where <see cref="PythonOnnxFactAttribute"/> finds it), a second judge of exported files.</summary>
internal static class OnnxChecker
{
    /// <summary>Null when <c>onnx.checker.check_model(full_check=True)</c> accepts <paramref name="model"/>, else what it says.</summary>
    public static string? Problem(byte[] model)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fnet-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(path, model);
            using var process = Process.Start(new ProcessStartInfo(PythonOnnxFactAttribute.Python,
                ["-c", "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", path])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"onnx.checker: {errors}";
        }
        finally
        {
            File.Delete(path);
        }
    }
}
