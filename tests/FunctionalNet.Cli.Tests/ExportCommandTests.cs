using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace FunctionalNet.Cli.Tests;

/// <summary><c>fnet export</c>: ONNX Runtime, given the raw CSV rows, predicts what <c>fnet predict</c> prints.</summary>
public class ExportCommandTests
{
    private static string Train(TempDirectory dir, params string[] extra)
    {
        Fnet.InProcess("datasets", "--export", "moons", "--samples", "60", "--seed", "5", "--out", dir["data.csv"]);
        var run = Fnet.InProcess(["train", "--data", dir["data.csv"], "--epochs", "30", "--scale", "standard", "--out", dir["m"], "-q", .. extra]);
        Assert.True(run.ExitCode == 0, run.Error);
        return dir["m"];
    }

    [Theory]
    [InlineData("float64", "softmax", 1e-12)]
    [InlineData("float32", "sigmoid", 1e-6)]
    [InlineData("float64", "identity", 1e-12)]
    public void Onnx_runtime_on_raw_rows_predicts_what_fnet_predict_prints(string dtype, string output, double tolerance)
    {
        using var dir = new TempDirectory();
        string model = Train(dir, "--dtype", dtype, "--output", output, "--layers", "4,3", "--activation", "elu(1.5)");
        var export = Fnet.InProcess("export", "--model", model, "--format", "onnx", "--out", dir["m.onnx"]);
        Assert.True(export.ExitCode == 0, export.Error);
        var predict = Fnet.InProcess("predict", "--model", model, "--data", dir["data.csv"], "--proba");
        Assert.Equal(0, predict.ExitCode);

        var rows = File.ReadAllLines(dir["data.csv"]).Skip(1).Select(l => l.Split(',')[..^1].Select(double.Parse).ToArray()).ToArray();
        var printed = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
        using var session = new InferenceSession(dir["m.onnx"]);
        int features = rows[0].Length;
        using var input = dtype == "float32"
            ? OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), [rows.Length, features])
            : OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r).ToArray(), [rows.Length, features]);
        using var options = new RunOptions();
        using var results = session.Run(options, new Dictionary<string, OrtValue> { ["input"] = input }, session.OutputNames);
        var outputs = session.OutputNames.Zip(results).ToDictionary(p => p.Item1, p => p.Item2);

        string valuesName = output == "identity" ? "variable" : "probabilities";
        double[] values = dtype == "float32"
            ? [.. outputs[valuesName].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)]
            : outputs[valuesName].GetTensorDataAsSpan<double>().ToArray();
        int width = values.Length / rows.Length;
        for (int r = 0; r < rows.Length; r++)
            for (int c = 1; c < printed[r].Length; c++)
            {
                // A single sigmoid unit would print p alone; ONNX gives [1 − p, p] like scikit-learn's predict_proba.
                double want = double.Parse(printed[r][c], CultureInfo.InvariantCulture);
                double got = values[r * width + (printed[r].Length == 2 && width == 2 ? 1 : c - 1)];
                Assert.True(Math.Abs(want - got) <= tolerance * Math.Max(1, Math.Abs(want)), $"row {r}, column {c}: ONNX {got:R}, fnet {want:R}");
            }
        if (output != "identity")
        {
            var classes = JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap["classes"])!;
            var labels = outputs["label"].GetTensorDataAsSpan<long>().ToArray();
            Assert.Equal(printed.Select(p => p[0]), labels.Select(l => classes[l]));
        }
        Assert.Equal("[\"x0\",\"x1\"]", session.ModelMetadata.CustomMetadataMap["features"]);
    }

    [Theory]
    [InlineData(new[] { "--format", "tflite" }, "--format 'tflite' is not one of onnx")]
    [InlineData(new[] { "--opset", "12" }, "--opset must be 13 to 21, found 12")]
    [InlineData(new[] { "--opset", "22" }, "--opset must be 13 to 21, found 22")]
    [InlineData(new[] { "--dtype", "float16" }, "--dtype 'float16' is not one of float32, float64")]
    [InlineData(new[] { "--model", "no-such-model" }, "does not exist")]
    [InlineData(new[] { "--out", "missing/dir/m.onnx" }, "cannot access output file")]
    public void Bad_export_options_are_one_line_errors_and_write_nothing(string[] args, string fragment)
    {
        using var dir = new TempDirectory();
        string model = Train(dir);
        string[] defaults = [.. new[] { ("--model", model), ("--out", dir["m.onnx"]) }
            .Where(d => !args.Contains(d.Item1)).SelectMany(d => new[] { d.Item1, d.Item2 })];
        var run = Fnet.InProcess(["export", .. defaults, .. args.Select(a => a.Contains('/', StringComparison.Ordinal) ? dir[a] : a == "no-such-model" ? dir[a] : a)]);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(dir["m.onnx"]));
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.fnet-tmp", SearchOption.AllDirectories));
    }
}
