using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary><c>fnet train/evaluate/predict</c> on real-valued targets (issue 14).</summary>
public class RegressionCommandTests
{
    // 200 rows: size, age, rooms, then two continuous targets price and rent (Fixtures/make_regression_fixture.py).
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "regression.csv");

    [Fact]
    public void Friedman_trains_a_regressor_with_its_loss_fit_and_residual_pictures()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--data", "friedman", "--samples", "200", "--epochs", "80", "--out", dir["m"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("1 target(s) (y, standardised for training)", run.Out, StringComparison.Ordinal);
        Assert.Contains("network  10-32-32-1 [tanh, tanh, identity] loss mse", run.Out, StringComparison.Ordinal);
        Assert.Contains("regression scores (test)", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("classification report", run.Out, StringComparison.Ordinal);
        Assert.Equal([".fnet.lock", "history.csv", "loss.svg", "model.json", "model.safetensors", "predicted-vs-true.svg", "residuals.svg"], Directory.GetFiles(dir["m"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var card = Loaded(dir["m"]).Card;
        Assert.Equal("regression", card.Task);
        Assert.Equal(["y"], card.Preprocessing.Targets.ToArray());
        Assert.Empty(card.Preprocessing.Classes);
        foreach (string part in new[] { "train", "test" })
            foreach (string metric in new[] { "mse", "rmse", "mae", "r2" })
                Assert.True(card.Metrics.ContainsKey($"{part}_{metric}"), $"{part}_{metric} missing");
        Assert.True(card.Metrics["test_r2"] > 0.5, $"test R² {card.Metrics["test_r2"]}");
        // The console line shows the card's numbers.
        Assert.Equal($"test     MSE {G(card.Metrics["test_mse"])}, RMSE {G(card.Metrics["test_rmse"])}, MAE {G(card.Metrics["test_mae"])}, R² {card.Metrics["test_r2"].ToString("F4", CultureInfo.InvariantCulture)}",
            Line(run.Out, "test "));
    }

    [ScikitLearnFact]
    public void Multi_output_train_evaluate_and_predict_agree_with_each_other_and_with_scikit_learn()
    {
        using var dir = new TempDirectory();
        var lines = File.ReadAllLines(Fixture);
        File.WriteAllLines(dir["train.csv"], lines[..151]);
        File.WriteAllLines(dir["test.csv"], [lines[0], .. lines[151..]]);
        var train = Fnet.InProcess("train", "--data", dir["train.csv"], "--test-data", dir["test.csv"], "--task", "regression",
            "--label", "price,rent", "--epochs", "60", "--out", dir["m"], "-q");
        Assert.Equal(0, train.ExitCode);
        Assert.Equal("", train.Error);
        var card = Loaded(dir["m"]).Card;
        Assert.Equal(["price", "rent"], card.Preprocessing.Targets.ToArray());
        Assert.Equal(["size", "age", "rooms"], card.Preprocessing.Features.ToArray());

        // evaluate scores the saved model exactly as training scored it in memory.
        var evaluation = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", dir["test.csv"], "--json");
        Assert.Equal(0, evaluation.ExitCode);
        using var json = JsonDocument.Parse(evaluation.Out);
        var root = json.RootElement;
        Assert.Equal(50, root.GetProperty("samples").GetInt32());
        foreach (string metric in new[] { "mse", "rmse", "mae", "r2" })
            Assert.Equal(card.Metrics[$"test_{metric}"], root.GetProperty(metric).GetDouble());

        // predict writes one column per target under its name; scikit-learn scores those values as evaluate did.
        var predict = Fnet.InProcess("predict", "--model", dir["m"], "--data", dir["test.csv"], "--out", dir["predicted.csv"]);
        Assert.Equal(0, predict.ExitCode);
        var predicted = File.ReadAllLines(dir["predicted.csv"]);
        Assert.Equal("price,rent", predicted[0]);
        Assert.Equal(51, predicted.Length);
        string? sklearn = ScikitLearn.Run($$"""
            import json, numpy as np
            from sklearn.metrics import mean_squared_error, mean_absolute_error, r2_score
            t = np.loadtxt(r"{{dir["test.csv"]}}", delimiter=",", skiprows=1)[:, 3:5]
            p = np.loadtxt(r"{{dir["predicted.csv"]}}", delimiter=",", skiprows=1)
            print(json.dumps({"mse": mean_squared_error(t, p), "rmse": mean_squared_error(t, p, squared=False),
                              "mae": mean_absolute_error(t, p), "r2": r2_score(t, p),
                              "r2_each": list(r2_score(t, p, multioutput="raw_values"))}))
            """);
        Assert.NotNull(sklearn);
        using var expected = JsonDocument.Parse(sklearn);
        foreach (string metric in new[] { "mse", "rmse", "mae", "r2" })
            Assert.Equal(expected.RootElement.GetProperty(metric).GetDouble(), root.GetProperty(metric).GetDouble(), 1e-12);
        var each = root.GetProperty("per_target").EnumerateArray().Select(t => t.GetProperty("r2").GetDouble()).ToArray();
        Assert.Equal(expected.RootElement.GetProperty("r2_each").EnumerateArray().Select(e => e.GetDouble()), each, (a, b) => Math.Abs(a - b) <= 1e-12);
    }

    [Fact]
    public void A_continuous_label_column_is_refused_for_classification_with_a_pointer_to_regression()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--data", Fixture, "--label", "price", "--epochs", "5", "--out", dir["m"]);
        Assert.Equal(2, run.ExitCode);
        Fnet.AssertOneLineError(run, "is continuous");
        Assert.Contains("--task regression", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["m"]));
        var explicitly = Fnet.InProcess("train", "--data", Fixture, "--label", "price", "--task", "classification", "--loss", "mse", "--epochs", "5", "--out", dir["m"]);
        Assert.Equal(2, explicitly.ExitCode);
        Fnet.AssertOneLineError(explicitly, "--task regression");
    }

    [Theory]
    [InlineData("--loss", "mse")]
    [InlineData("--output", "identity")]
    public void An_mse_loss_on_a_non_integer_label_column_trains_a_regression_and_says_so(string option, string value)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--data", Fixture, "--label", "rent", option, value, "--epochs", "20", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        var note = Assert.Single(run.ErrorLines);
        Assert.StartsWith("fnet: training a regression: the label column 'rent'", note, StringComparison.Ordinal);
        var card = Loaded(dir["m"]).Card;
        Assert.Equal("regression", card.Task);
        Assert.Equal(["rent"], card.Preprocessing.Targets.ToArray());
        Assert.Equal(["size", "age", "rooms", "price"], card.Preprocessing.Features.ToArray());
    }

    [Fact]
    public void An_mse_loss_on_integer_labels_stays_a_classification_without_a_note()
    {
        using var dir = new TempDirectory();
        Fnet.InProcess("datasets", "--export", "moons", "--samples", "60", "--out", dir["moons.csv"]);
        var run = Fnet.InProcess("train", "--data", dir["moons.csv"], "--output", "identity", "--epochs", "10", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal("classification", Loaded(dir["m"]).Card.Task);
    }

    [Fact]
    public void Several_label_columns_infer_a_regression_and_predict_drops_them()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--data", Fixture, "--label", "rent,price", "--epochs", "10", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("names several target columns", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(["rent", "price"], Loaded(dir["m"]).Card.Preprocessing.Targets.ToArray());
        // The fixture still holds both targets: predict drops them by name and writes one column each, in the model's order.
        var predicted = Fnet.InProcess("predict", "--model", dir["m"], "--data", Fixture).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rent,price", predicted[0]);
        Assert.Equal(201, predicted.Length);
        Assert.All(predicted[1..], row => Assert.Equal(2, row.Split(',').Length));
    }

    [Theory]
    [InlineData("--data", "moons", "--task", "regression", "is a classification data set")]
    [InlineData("--data", "friedman", "--task", "classification", "is a regression data set")]
    [InlineData("--data", "friedman", "--output", "softmax", "identity output with a regression loss")]
    [InlineData("--data", "friedman", "--task", "ordinal", "--task 'ordinal' is not one of")]
    public void A_task_that_does_not_fit_is_one_line_and_exit_2(string o1, string v1, string o2, string v2, string message)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", o1, v1, o2, v2, "--epochs", "2", "--out", dir["m"]);
        Assert.Equal(2, run.ExitCode);
        Fnet.AssertOneLineError(run, message);
    }

    [Fact]
    public void Label_columns_that_are_missing_or_repeated_are_one_line_and_exit_2()
    {
        using var dir = new TempDirectory();
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", Fixture, "--task", "regression", "--label", "price,cost", "--out", dir["m"]),
            "expected a target column named \"cost\", found \"size\", \"age\", \"rooms\", \"price\", \"rent\"");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", Fixture, "--label", "price,3", "--out", dir["m"]), "names column \"price\" twice");
    }

    [Fact]
    public void Predict_refuses_probabilities_from_a_regressor()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--data", "friedman", "--samples", "40", "--epochs", "2", "--out", dir["m"], "-q").ExitCode);
        Fnet.InProcess("datasets", "--export", "friedman", "--samples", "10", "--out", dir["x.csv"]);
        var run = Fnet.InProcess("predict", "--model", dir["m"], "--data", dir["x.csv"], "--proba");
        Assert.Equal(2, run.ExitCode);
        Fnet.AssertOneLineError(run, "--proba is for classifiers");
    }

    [Fact]
    public void The_friedman_export_names_its_target_and_trains_back_as_a_regression()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("datasets", "--export", "friedman", "--samples", "30", "--out", dir["f.csv"]).ExitCode);
        var lines = File.ReadAllLines(dir["f.csv"]);
        Assert.Equal("x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,y", lines[0]);
        Assert.Equal(31, lines.Length);
        var run = Fnet.InProcess("train", "--data", dir["f.csv"], "--task", "regression", "--epochs", "2", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void An_exported_regressor_gives_onnx_runtime_the_values_fnet_predict_prints()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--data", Fixture, "--task", "regression", "--label", "price,rent", "--epochs", "5", "--out", dir["m"], "-q").ExitCode);
        var export = Fnet.InProcess("export", "--model", dir["m"], "--format", "onnx", "--out", dir["m.onnx"]);
        Assert.True(export.ExitCode == 0, export.Error);
        var printed = Fnet.InProcess("predict", "--model", dir["m"], "--data", Fixture).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var rows = File.ReadAllLines(Fixture)[1..].Select(l => l.Split(',')[..3].Select(v => double.Parse(v, CultureInfo.InvariantCulture))).SelectMany(r => r).ToArray();
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(dir["m.onnx"]);
        using var input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(rows, [printed.Length, 3]);
        using var options = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var results = session.Run(options, new Dictionary<string, Microsoft.ML.OnnxRuntime.OrtValue> { ["input"] = input }, ["variable"]);
        var values = results[0].GetTensorDataAsSpan<double>().ToArray();
        // The target scaling is undone inside the graph: ONNX gives prices and rents, not standardised outputs.
        for (int r = 0; r < printed.Length; r++)
            for (int c = 0; c < 2; c++)
                Assert.True(Math.Abs(values[r * 2 + c] - printed[r][c]) <= 1e-12 * Math.Max(1, Math.Abs(printed[r][c])), $"row {r}, target {c}: ONNX {values[r * 2 + c]:R}, fnet {printed[r][c]:R}");
    }

    private static FunctionalNet.Formats.SavedEstimator Loaded(string directory) =>
        ModelStore.Load(directory).Match(m => m, e => throw new InvalidOperationException(e.Error.Message));

    private static string Line(string output, string prefix) => output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
