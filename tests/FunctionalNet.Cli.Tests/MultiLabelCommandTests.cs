using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.IO;
using Parquet;
using Parquet.Schema;

namespace FunctionalNet.Cli.Tests;

/// <summary><c>fnet train --task multilabel</c>, then predict and evaluate on the saved model (issue 24).</summary>
public class MultiLabelCommandTests
{
    // Rows of x0, x1, x2 and labels a (x0 > 0), b (x1 + x2 > 0), c (x0·x1 > 0), from the seed.
    private static string[] Csv(int rows, ulong seed)
    {
        var values = new double[rows * 3];
        Rng.Create(seed).FillUniform<double>(values, -1, 1);
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return ["x0,x1,x2,a,b,c", .. Enumerable.Range(0, rows).Select(r =>
        {
            var (x0, x1, x2) = (values[3 * r], values[3 * r + 1], values[3 * r + 2]);
            return $"{F(x0)},{F(x1)},{F(x2)},{(x0 > 0 ? 1 : 0)},{(x1 + x2 > 0 ? 1 : 0)},{(x0 * x1 > 0 ? 1 : 0)}";
        })];
    }

    private static double[][] Numbers(string csv) =>
        [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];

    [Fact]
    public void Train_predict_and_evaluate_agree_with_the_saved_model()
    {
        using var dir = new TempDirectory();
        File.WriteAllLines(dir["train.csv"], Csv(160, 1));
        File.WriteAllLines(dir["test.csv"], Csv(40, 2));
        var train = Fnet.InProcess("train", "--data", dir["train.csv"], "--test-data", dir["test.csv"], "--task", "multilabel", "--label", "a,b,c",
            "--layers", "8", "--optimizer", "adam", "--lr", "0.01", "--batch-size", "32", "--epochs", "40", "--out", dir["m"], "-q");
        Assert.Equal("", train.Error);
        Assert.Equal(0, train.ExitCode);
        var model = ModelFiles.LoadMultiLabel(dir["m"]).Match(m => m, e => throw new InvalidOperationException(e.Message));
        var card = ModelFiles.Load(dir["m"]).Match(m => m.Card, e => throw new InvalidOperationException(e.Message));
        Assert.Equal("multilabel", card.Task);
        Assert.Equal(["a", "b", "c"], model.Labels.ToArray());
        Assert.Equal(["x0", "x1", "x2"], model.FeatureNames.ToArray());
        Assert.Equal("3-8-3", model.Architecture.Shape);
        Assert.Equal("sigmoid", model.Architecture.Output.Activation.Name);
        Assert.Equal("a,b,c", card.Preprocessing.LabelColumn);

        var test = Numbers(string.Join('\n', File.ReadAllLines(dir["test.csv"])));
        var features = Matrix<double>.FromRows([.. test.Select(r => r[..3])]);
        var truth = Matrix<double>.FromRows([.. test.Select(r => r[3..])]);
        // predict prints the model's 0/1 matrix and, with --proba, its probabilities to the last bit.
        var predict = Fnet.InProcess("predict", "--model", dir["m"], "--data", dir["test.csv"], "--proba");
        Assert.Equal(0, predict.ExitCode);
        Assert.StartsWith("a,b,c,p_a,p_b,p_c\n", predict.Out, StringComparison.Ordinal);
        var printed = Numbers(predict.Out);
        var expected = model.Predict(features);
        var probabilities = model.PredictProba(features);
        for (int r = 0; r < printed.Length; r++)
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(expected[r, c], printed[r][c]);
                Assert.Equal(probabilities[r, c], printed[r][3 + c]);
            }

        // fnet export gives ONNX Runtime the same 0/1 matrix.
        Assert.Equal(0, Fnet.InProcess("export", "--model", dir["m"], "--out", dir["m.onnx"]).ExitCode);
        using (var session = new Microsoft.ML.OnnxRuntime.InferenceSession(dir["m.onnx"]))
        using (var input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(features.Span.ToArray(), [features.Rows, 3]))
        using (var options = new Microsoft.ML.OnnxRuntime.RunOptions())
        using (var results = session.Run(options, new Dictionary<string, Microsoft.ML.OnnxRuntime.OrtValue> { ["input"] = input }, ["label"]))
            Assert.Equal(expected.Span.ToArray().Select(v => (long)v), results[0].GetTensorDataAsSpan<long>().ToArray());

        // evaluate scores the saved model as training scored it, and as MultiLabelMetrics does.
        var evaluate = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", dir["test.csv"], "--json");
        Assert.Equal(0, evaluate.ExitCode);
        using var json = JsonDocument.Parse(evaluate.Out);
        foreach (var (name, value) in MultiLabelMetrics.Summary(truth, expected))
        {
            Assert.Equal(value, json.RootElement.GetProperty(name).GetDouble());
            Assert.Equal(value, card.Metrics["test_" + name]);
        }
        Assert.True(card.Metrics["test_f1_micro"] > 0.8, $"test F1 micro {card.Metrics["test_f1_micro"]}");
        Assert.Equal(3, json.RootElement.GetProperty("report").GetArrayLength());
        var table = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", dir["test.csv"]);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"subset accuracy {MultiLabelMetrics.SubsetAccuracy(truth, expected):F4} on 40 samples"), table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void From_card_trains_the_same_weights_again()
    {
        using var dir = new TempDirectory();
        File.WriteAllLines(dir["train.csv"], Csv(60, 5));
        var first = Fnet.InProcess("train", "--data", dir["train.csv"], "--task", "multilabel", "--label", "b,a", "--layers", "4", "--optimizer", "adam",
            "--batch-size", "16", "--epochs", "5", "--validation-split", "0.2", "--seed", "9", "--out", dir["m1"], "-q");
        Assert.Equal(0, first.ExitCode);
        var again = Fnet.InProcess("train", "--data", dir["train.csv"], "--from-card", Path.Combine(dir["m1"], "model.json"), "--out", dir["m2"], "-q");
        Assert.Equal("", again.Error);
        Assert.Equal(0, again.ExitCode);
        var (a, b) = (ModelFiles.Load(dir["m1"]).Match(m => m.Card, e => throw new InvalidOperationException(e.Message)),
            ModelFiles.Load(dir["m2"]).Match(m => m.Card, e => throw new InvalidOperationException(e.Message)));
        Assert.Equal(a.WeightsSha256, b.WeightsSha256);
        Assert.Equal(["b", "a"], b.Preprocessing.Targets.ToArray());
        Assert.Equal(a.Training!.Options, b.Training!.Options);
    }

    [Fact]
    public void A_cell_that_is_not_0_or_1_is_one_line_naming_file_line_and_column()
    {
        using var dir = new TempDirectory();
        var lines = Csv(20, 3);
        lines[7] = lines[7][..lines[7].LastIndexOf(',')] + ",0.5";
        File.WriteAllLines(dir["bad.csv"], lines);
        var run = Fnet.InProcess("train", "--data", dir["bad.csv"], "--task", "multilabel", "--label", "a,b,c", "--out", dir["m"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"fnet: {dir["bad.csv"]}: line 8, column \"c\": expected a label indicator 0 or 1, found 0.5"], run.ErrorLines);
        Assert.False(Directory.Exists(dir["m"]) && File.Exists(Path.Combine(dir["m"], "model.json")));
    }

    // A Parquet table (written by Parquet.Net) of x, y and int label columns a, b; its cells as CSV give the same data set.
    [Fact]
    public async Task A_parquet_table_reads_as_its_csv_and_a_bad_cell_names_its_row()
    {
        using var dir = new TempDirectory();
        double[] x = [0.5, -1, 2, 3.25], y = [1, 0, -2, 4];
        async Task<string> Write(string name, int[] b)
        {
            DataField[] fields = [new("x", typeof(double)), new("y", typeof(double)), new("a", typeof(int)), new("b", typeof(int))];
            var file = File.Create(dir[name]);
            await using (file.ConfigureAwait(false))
            {
                var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file).ConfigureAwait(false);
                await using (writer.ConfigureAwait(false))
                {
                    using var group = writer.CreateRowGroup();
                    await group.WriteAsync<double>(fields[0], x.AsMemory()).ConfigureAwait(false);
                    await group.WriteAsync<double>(fields[1], y.AsMemory()).ConfigureAwait(false);
                    await group.WriteAsync<int>(fields[2], new[] { 1, 0, 0, 1 }.AsMemory()).ConfigureAwait(false);
                    await group.WriteAsync<int>(fields[3], b.AsMemory()).ConfigureAwait(false);
                }
            }
            return dir[name];
        }
        var parquet = MultiLabelFiles.Load(await Write("good.parquet", [0, 1, 1, 1]), "a,b").Match(d => d, e => throw new InvalidOperationException(e.Error.Message));
        var csv = MultiLabelFiles.Load(dir.Write("good.csv", "x,y,a,b\n0.5,1,1,0\n-1,0,0,1\n2,-2,0,1\n3.25,4,1,1\n"), "a,b").Match(d => d, e => throw new InvalidOperationException(e.Error.Message));
        Assert.Equal(csv.Features.Span.ToArray(), parquet.Features.Span.ToArray());
        Assert.Equal(csv.Targets.ToMatrix().Span.ToArray(), parquet.Targets.ToMatrix().Span.ToArray());
        Assert.Equal(["x", "y"], parquet.FeatureNames.ToArray());
        string bad = await Write("bad.parquet", [0, 1, 3, 1]);
        Assert.Equal($"{bad}: row 3, column \"b\": expected a label indicator 0 or 1, found 3", MultiLabelFiles.Load(bad, "a,b").Match(_ => "", e => e.Error.Message));
    }

    [Fact]
    public void A_sweep_refuses_a_multilabel_task_in_one_line()
    {
        using var dir = new TempDirectory();
        File.WriteAllLines(dir["train.csv"], Csv(20, 6));
        var run = Fnet.InProcess("sweep", "--data", dir["train.csv"], "--task", "multilabel", "--label", "a,b,c", "--grid", "lr=0.1|0.2", "--folds", "2", "--epochs", "2");
        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith("--task multilabel is trained by fnet train on a CSV or Parquet file; fnet sweep does not sweep multi-label models yet", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--data", "moons", "built-in data set")]
    [InlineData("--output", "softmax", "sigmoid outputs with binary cross-entropy")]
    [InlineData("--class-weight", "balanced", "--class-weight")]
    public void What_a_multilabel_run_cannot_do_is_one_line_and_exit_2(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllLines(dir["train.csv"], Csv(20, 4));
        string[] data = option == "--data" ? [] : ["--data", dir["train.csv"]];
        var run = Fnet.InProcess(["train", .. data, "--task", "multilabel", "--label", "a,b,c", "--epochs", "2", "--out", dir["m"], option, value]);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }
}
