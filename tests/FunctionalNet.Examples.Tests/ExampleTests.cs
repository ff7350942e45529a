using System.Xml.Linq;
using FunctionalNet.Plots.Tests.Support;

namespace FunctionalNet.Examples.Tests;

/// <summary>Each tutorial example runs from the repository root and shows the tutorial's qualitative result.</summary>
public class ExampleTests
{
    [Fact]
    public void The_front_door_fits_digits_with_two_usings_scores_097_and_reloads_identically()
    {
        var (code, output, _) = ExampleRunner.Run("front-door");
        Assert.True(code == 0, output);
        Assert.True(ExampleRunner.Number(output, "test accuracy") >= 0.97, output);
        Assert.Contains("reloaded predictions identical: True", output, StringComparison.Ordinal);
        var usings = File.ReadAllLines(Path.Combine(ExampleRunner.RepositoryRoot, "examples", "front-door.cs")).Where(l => l.StartsWith("using ", StringComparison.Ordinal));
        Assert.Equal(["using FunctionalNet;", "using FunctionalNet.IO;"], usings);
    }

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
    public void Moons_sigmoid_stays_on_the_tutorials_plateau_at_1000_iterations_and_bends_with_more()
    {
        var (code, output, pictures) = ExampleRunner.Run("moons-sigmoid");
        Assert.True(code == 0, output);
        Assert.True(ExampleRunner.Number(output, "curved: 5000 iterations on 500 samples (±√6/√(in+out) initialisation), cost") < ExampleRunner.Number(output, "straight: 1000 iterations on 1000 samples (tutorial's initialisation), cost"));
        Assert.True(ExampleRunner.Number(output.Split("curved:")[1], "accuracy") >= 0.97, output);
        // The tutorial's start leaves every seed on the plateau (numpy, tutorial's code on these points: 0.879–0.883);
        // the twice-as-wide start of its text has left it by then.
        var plateau = output.Split("accuracy ")[1].Split('\n')[0].Split(' ').Select(a => double.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, plateau.Count);
        Assert.All(plateau, a => Assert.InRange(a, 0.85, 0.9));
        Assert.True(ExampleRunner.Number(output.Split("wide-start:")[1], "accuracy") >= 0.95, output);
        AssertPictures(pictures, "moons-sigmoid-straight.svg", "moons-sigmoid-curved.svg", "moons-sigmoid-wide-start.svg", "moons-sigmoid-cost.svg");
        AssertAsInDocs(pictures, "moons-sigmoid-straight.svg", "moons-sigmoid-curved.svg", "moons-sigmoid-wide-start.svg", "moons-sigmoid-cost.svg");
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
        // numpy, the tutorial's loop with the derivative corrected, 12 seeds: mean 0.835 at 0.2, 0.957 at 0.05; with its
        // tanh′ taken at the activation 0.941 at 0.05. Here: 0.2 is worse on average than one run at 0.05, and the
        // tutorial's derivative from the same start and sample order costs accuracy.
        double fast = ExampleRunner.Number(output, "digits, learning rate 0.2, 12 seeds: test accuracy mean");
        double slow = ExampleRunner.Number(output, "digits, learning rate 0.05: test accuracy");
        double tutorial = ExampleRunner.Number(output, "digits, learning rate 0.05 with the tutorial's tanh derivative: test accuracy");
        Assert.True(fast < slow && tutorial < slow, output);
        AssertPictures(pictures, "digits-sgd-confusion.svg", "digits-sgd-cost.svg");
    }

    [Fact]
    public void Elu_networks_beat_ninety_percent_on_held_out_moons_and_the_tutorials_derivative_does_worse()
    {
        var (code, output, pictures) = ExampleRunner.Run("moons-elu");
        Assert.True(code == 0, output);
        // numpy on the same points and start: the tutorial's code 0.800 / 0.868, corrected 0.928 / 0.940.
        Assert.Equal(0.940, ExampleRunner.Number(output, "h = 3: train 0.928  test"), 3);
        Assert.Equal(0.868, ExampleRunner.Number(output, "h = 3 with the tutorial's derivative: train 0.800  test"), 3);
        var rows = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length == 3 && int.TryParse(p[0], out _)).ToList();
        Assert.Equal(["2", "5", "10", "25", "50"], rows.Select(r => r[0]));
        Assert.All(rows.Skip(1), r => Assert.True(double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture) >= 0.9, string.Join(' ', r)));
        AssertPictures(pictures, "moons-elu-h3.svg", "moons-elu-h3-cost.svg", "moons-elu-hidden-sizes.svg");
        AssertAsInDocs(pictures, "moons-elu-h3.svg", "moons-elu-h3-cost.svg", "moons-elu-hidden-sizes.svg");
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

    // An example run with its defaults draws byte for byte the pictures docs/images holds (they are its committed
    // output; training and drawing are deterministic), so a change that moves them shows here and they are redrawn.
    // The narrow-network kernel's rounding follows the vector width, so the pictures are those of an AVX-512 machine
    // (CI's). moons-softmax runs --quick in its test, so its pictures, drawn from the full run, are not compared.
    private static void AssertAsInDocs(string folder, params string[] names)
    {
        foreach (var name in names)
        {
            var drawn = File.ReadAllBytes(Path.Combine(folder, name));
            var committed = File.ReadAllBytes(Path.Combine(ExampleRunner.RepositoryRoot, "docs", "images", name));
            Assert.True(drawn.AsSpan().SequenceEqual(committed), $"{name} differs from docs/images/{name}: run the example from the repository root to redraw it");
        }
    }

    // Every picture parses, names its axes and keeps its text boxes apart and inside the picture.
    private static void AssertPictures(string folder, params string[] names)
    {
        foreach (var name in names)
        {
            string svg = File.ReadAllText(Path.Combine(folder, name));
            Assert.Equal("svg", XElement.Parse(svg).Name.LocalName);
            Assert.NotEmpty(SvgPicture.Elements(svg, "text", "axis-label"));
            Assert.True(SvgPicture.Overlaps(svg).Count == 0, name + ": " + string.Join("; ", SvgPicture.Overlaps(svg)));
            Assert.True(SvgPicture.Outside(svg).Count == 0, name + ": " + string.Join("; ", SvgPicture.Outside(svg)));
        }
    }
}
