using System.Xml.Linq;

namespace FunctionalNet.Examples.Tests;

/// <summary>Each tutorial example runs from the repository root and shows the tutorial's qualitative result.</summary>
public class ExampleTests
{
    [Fact]
    public void A_classifier_and_a_regressor_are_saved_and_reloaded_in_one_line_each_and_predict_identically()
    {
        var (code, output, directory) = ExampleRunner.Run("model-roundtrip");
        Assert.True(code == 0, output);
        Assert.Contains("classifier predictions identical after reload: True", output, StringComparison.Ordinal);
        Assert.Contains("regressor predictions identical after reload: True", output, StringComparison.Ordinal);
        Assert.True(ExampleRunner.Number(output, "classifier test accuracy") >= 0.9, output);
        Assert.True(ExampleRunner.Number(output, "regressor test R²") >= 0.9, output);
        Assert.True(File.Exists(Path.Combine(directory, "digits", "model.json")) && File.Exists(Path.Combine(directory, "curve", "model.safetensors")), output);
    }

    [Fact]
    public void Moons_sigmoid_bends_its_boundary_with_more_iterations()
    {
        var (code, output, pictures) = ExampleRunner.Run("moons-sigmoid");
        Assert.True(code == 0, output);
        Assert.True(ExampleRunner.Number(output, "curved: 5000 iterations on 500 samples, cost") < ExampleRunner.Number(output, "straight: 1000 iterations on 1000 samples, cost"));
        Assert.True(ExampleRunner.Number(output.Split("curved:")[1], "accuracy") >= 0.97, output);
        AssertPictures(pictures, "moons-sigmoid-straight.svg", "moons-sigmoid-curved.svg", "moons-sigmoid-cost.svg");
    }

    [Fact]
    public void Digits_by_truncated_newton_score_above_ninety_percent()
    {
        var (code, output, pictures) = ExampleRunner.Run("digits-tnc");
        Assert.True(code == 0, output);
        Assert.True(ExampleRunner.Number(output, "test accuracy") >= 0.9, output);
        Assert.True(ExampleRunner.Number(output, "TNC:") <= 200, output);
        AssertPictures(pictures, "digits-tnc-confusion.svg", "digits-tnc-cost.svg");
    }

    [Fact]
    public void Logistic_regression_stays_straight_while_a_hidden_layer_bends()
    {
        var (code, output, pictures) = ExampleRunner.Run("moons-softmax", "--quick");
        Assert.True(code == 0, output);
        Assert.True(ExampleRunner.Number(output, "logistic regression: cost") > 0, output);
        Assert.True(ExampleRunner.Number(output.Split("logistic regression:")[1], "accuracy") <= 0.9, output);
        Assert.True(ExampleRunner.Number(output.Split("hidden layer of 20:")[1], "accuracy") >= 0.95, output);
        AssertPictures(pictures, "moons-softmax-logistic.svg", "moons-softmax-hidden-sizes.svg");
    }

    [Fact]
    public void Xor_is_learned_and_digits_reach_ninety_two_percent_by_per_sample_sgd()
    {
        var (code, output, pictures) = ExampleRunner.Run("xor-and-digits-sgd");
        Assert.True(code == 0, output);
        Assert.True(ExampleRunner.Number(output, "xor(0, 0) =") < 0.5 && ExampleRunner.Number(output, "xor(0, 1) =") >= 0.5
            && ExampleRunner.Number(output, "xor(1, 0) =") >= 0.5 && ExampleRunner.Number(output, "xor(1, 1) =") < 0.5, output);
        Assert.True(ExampleRunner.Number(output, "digits, learning rate 0.05: test accuracy") >= 0.92, output);
        AssertPictures(pictures, "digits-sgd-confusion.svg", "digits-sgd-cost.svg");
    }

    [Fact]
    public void Elu_networks_beat_ninety_percent_on_held_out_moons()
    {
        var (code, output, pictures) = ExampleRunner.Run("moons-elu");
        Assert.True(code == 0, output);
        var rows = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length == 3 && int.TryParse(p[0], out _)).ToList();
        Assert.Equal(["2", "5", "10", "25", "50"], rows.Select(r => r[0]));
        Assert.All(rows.Skip(1), r => Assert.True(double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture) >= 0.9, string.Join(' ', r)));
        AssertPictures(pictures, "moons-elu-hidden-sizes.svg");
    }

    [Fact]
    public void The_pipeline_stops_early_and_scores_on_the_test_split()
    {
        var (code, output, _) = ExampleRunner.Run("pipeline");
        Assert.True(code == 0, output);
        Assert.True(ExampleRunner.Number(output, "kept epoch") < 200, output);
        Assert.True(ExampleRunner.Number(output, "test accuracy") >= 0.9, output);
        Assert.True(File.ReadAllLines(Path.Combine(ExampleRunner.RepositoryRoot, "examples", "pipeline.cs")).Length < 40);
    }

    [Fact]
    public void The_onnx_export_scores_the_same_in_mlnet()
    {
        var (code, output, folder) = ExampleRunner.Run("onnx-mlnet");
        Assert.True(code == 0, output);
        Assert.Contains("ML.NET labels equal Network.PredictLabels on 270 of 270 test rows", output, StringComparison.Ordinal);
        Assert.True(ExampleRunner.Number(output, "largest probability difference") <= 1e-12, output);
        Assert.True(File.Exists(Path.Combine(folder, "digits.onnx")));
    }

    private static void AssertPictures(string folder, params string[] names)
    {
        foreach (var name in names)
        {
            var root = XElement.Load(Path.Combine(folder, name));
            Assert.Equal("svg", root.Name.LocalName);
            Assert.NotEmpty(root.Descendants());
        }
    }
}
