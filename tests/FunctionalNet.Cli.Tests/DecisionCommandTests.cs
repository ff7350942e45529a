using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet train --calibrate</c> and <c>--threshold</c>: fitted on the validation part, saved in the card, and used by
/// predict, evaluate and the ONNX export; their bad spellings are one line each.
/// </summary>
public class DecisionCommandTests
{
    [Theory]
    [InlineData("platt", "auto", "--costs", "fp=1,fn=4")]
    [InlineData("temperature", "0.3", null, null)]
    public void The_fitted_decision_is_saved_and_predict_evaluate_and_export_use_it(string calibrate, string threshold, string? how, string? value)
    {
        using var dir = new TempDirectory();
        string model = dir["m"], csv = dir["moons.csv"];
        Assert.Equal(0, Fnet.InProcess("datasets", "--export", "moons", "--samples", "120", "--noise", "0.5", "--seed", "5", "--out", csv).ExitCode);
        string[] args = ["train", "--data", csv, "--layers", "4", "--epochs", "40", "--validation-split", "0.4", "--out", model, "-q",
            "--calibrate", calibrate, "--threshold", threshold, .. how is null ? [] : new[] { how, value! }];
        var train = Fnet.InProcess(args);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("calibrated " + calibrate, train.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(model, "reliability-before.svg")) && File.Exists(Path.Combine(model, "reliability.svg")));
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "model.json")));
        var decision = card.RootElement.GetProperty("decision");
        Assert.Equal(calibrate, decision.GetProperty("calibration").GetString());
        double t = decision.GetProperty("threshold").GetDouble();
        if (threshold != "auto") Assert.Equal(0.3, t);

        // predict's label is the second class exactly when its (calibrated) probability reaches the threshold.
        var predict = Fnet.InProcess("predict", "--model", model, "--data", csv, "--proba");
        Assert.Equal(0, predict.ExitCode);
        var printed = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.All(printed, p => Assert.Equal(double.Parse(p[2], CultureInfo.InvariantCulture) >= t ? "1" : "0", p[0]));

        // evaluate scores those labels.
        var truth = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')[^1]).ToArray();
        var evaluate = Fnet.InProcess("evaluate", "--model", model, "--data", csv, "--json");
        Assert.Equal(0, evaluate.ExitCode);
        using var scores = JsonDocument.Parse(evaluate.Out);
        Assert.Equal((double)printed.Zip(truth).Count(p => p.Item1[0] == p.Item2) / truth.Length, scores.RootElement.GetProperty("accuracy").GetDouble(), 1e-15);

        // The ONNX export gives the same probabilities and labels.
        Assert.Equal(0, Fnet.InProcess("export", "--model", model, "--out", dir["m.onnx"]).ExitCode);
        var rows = File.ReadAllLines(csv).Skip(1).SelectMany(l => l.Split(',')[..^1].Select(v => double.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        using var session = new InferenceSession(dir["m.onnx"]);
        using var input = OrtValue.CreateTensorValueFromMemory(rows, [truth.Length, 2]);
        using var run = new RunOptions();
        using var results = session.Run(run, new Dictionary<string, OrtValue> { ["input"] = input }, session.OutputNames);
        var named = session.OutputNames.Zip(results).ToDictionary(p => p.Item1, p => p.Item2);
        var labels = named["label"].GetTensorDataAsSpan<long>().ToArray();
        var probabilities = named["probabilities"].GetTensorDataAsSpan<double>().ToArray();
        for (int r = 0; r < truth.Length; r++)
        {
            Assert.Equal(double.Parse(printed[r][2], CultureInfo.InvariantCulture), probabilities[2 * r + 1], 1e-12);
            Assert.Equal(printed[r][0], labels[r].ToString(CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("--threshold 1.5", "--threshold '1.5' is not auto or a probability in [0, 1]")]
    [InlineData("--threshold auto", "--threshold auto is fitted on the validation part, and there is none: give --validation-split")]
    [InlineData("--calibrate temperature", "--calibrate is fitted on the validation part, and there is none")]
    [InlineData("--calibrate isotonic", "--calibrate 'isotonic' is not one of temperature, platt")]
    [InlineData("--threshold auto --costs fp=1", "--costs 'fp=1' is not fp=C,fn=C")]
    [InlineData("--threshold auto --costs fp=-1,fn=2", "--costs 'fp=-1,fn=2' is not fp=C,fn=C")]
    [InlineData("--threshold auto --threshold-metric recall", "--threshold-metric 'recall' is not one of f1, balanced_accuracy")]
    [InlineData("--threshold 0.3 --threshold-metric f1", "--threshold-metric says what --threshold auto optimises; give --threshold auto")]
    [InlineData("--threshold auto --threshold-metric f1 --costs fp=1,fn=2", "--threshold-metric and --costs exclude each other")]
    [InlineData("--data spirals --threshold 0.3", "--threshold is for two classes; the data has 3")]
    [InlineData("--data spirals --validation-split 0.3 --calibrate platt", "--calibrate platt is for two classes; the data has 3")]
    [InlineData("--data friedman --calibrate temperature", "--calibrate is for classifiers; this run is a regression")]
    [InlineData("--output identity --loss mse --threshold 0.5", "--threshold needs probability outputs")]
    public void A_decision_the_run_cannot_fit_is_one_line_and_nothing_is_saved(string options, string message)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess(["train", "--epochs", "2", "--samples", "40", "--out", dir["m"], "-q", .. options.Split(' ')]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["fnet: " + run.ErrorLines[0][6..]], run.ErrorLines);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["m"]), "a refused run saves nothing");
    }
}
