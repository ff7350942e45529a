using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet export</c> of a model trained on a raw table: ONNX Runtime, given the raw cells of a CSV file (gaps,
/// an unseen category, an infrequent one, columns in another order), prints what <c>fnet predict --proba</c> prints.
/// </summary>
public class TableExportCommandTests
{
    [Theory]
    [InlineData("float64", 1e-12)]
    [InlineData("float32", 1e-6)]
    public void Onnx_runtime_on_raw_table_rows_predicts_what_fnet_predict_prints(string dtype, double tolerance)
    {
        using var dir = new TempDirectory();
        string data = dir.Write("t.csv", TableCommandTests.Table(4, 80).Text);
        var train = Fnet.InProcess("train", "--data", data, "--label", "y", "--drop", "id", "--epochs", "20", "--layers", "4", "--dtype", dtype,
            "--missing-indicator", "--max-categories", "2", "--scale", "standard", "--out", dir["m"], "-q");
        Assert.True(train.ExitCode == 0, train.Error);
        var export = Fnet.InProcess("export", "--model", dir["m"], "--out", dir["m.onnx"]);
        Assert.True(export.ExitCode == 0, export.Error);

        // Another column order; empty, ?, NA and null cells; "purple" never seen; with --max-categories 2 two of red, green and blue share the infrequent slot.
        string rows = dir.Write("new.csv", "colour,b,a,id\npurple,0.5,,1\n,?,1.5,2\nred,0.1,-1.5,3\nNA,0.9,0.25,4\nblue,null,-0.5,5\ngreen,0.3,NaN,6\n");
        var predict = Fnet.InProcess("predict", "--model", dir["m"], "--data", rows, "--proba");
        Assert.True(predict.ExitCode == 0, predict.Error);
        var printed = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();

        var cells = File.ReadAllLines(rows).Select(l => l.Split(',')).ToArray();
        string[] Column(string name) => [.. cells.Skip(1).Select(r => r[Array.IndexOf(cells[0], name)])];
        static double Number(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : double.NaN;
        using var session = new InferenceSession(dir["m.onnx"]);
        Assert.Equal(["a", "colour", "b"], session.InputNames);
        int n = cells.Length - 1;
        var inputs = session.InputNames.ToDictionary(name => name, name => session.InputMetadata[name].ElementType == typeof(string)
            ? OrtValue.CreateFromStringTensor(new DenseTensor<string>(Column(name), [n, 1]))
            : dtype == "float32"
                ? OrtValue.CreateTensorValueFromMemory(Column(name).Select(c => (float)Number(c)).ToArray(), [n, 1])
                : OrtValue.CreateTensorValueFromMemory(Column(name).Select(Number).ToArray(), [n, 1]));
        using var run = new RunOptions();
        using var results = session.Run(run, inputs, ["label", "probabilities"]);
        foreach (var input in inputs.Values) input.Dispose();
        double[] p = dtype == "float32"
            ? [.. results[1].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)]
            : results[1].GetTensorDataAsSpan<double>().ToArray();
        var classes = JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap["classes"])!;
        var labels = results[0].GetTensorDataAsSpan<long>().ToArray();
        Assert.Equal(n, printed.Length);
        for (int r = 0; r < n; r++)
        {
            Assert.Equal(printed[r][0], classes[labels[r]]);
            for (int c = 1; c < printed[r].Length; c++)
            {
                double want = double.Parse(printed[r][c], CultureInfo.InvariantCulture), got = p[r * classes.Length + c - 1];
                Assert.True(Math.Abs(want - got) <= tolerance * Math.Max(1, Math.Abs(want)), $"row {r}, column {c}: ONNX {got:R}, fnet {want:R}");
            }
        }
    }
}
