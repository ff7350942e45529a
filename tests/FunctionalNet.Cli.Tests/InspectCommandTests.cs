using System.Globalization;
using System.Text;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Curvature;
using FunctionalNet.Data;
using FunctionalNet.IO;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Tests;

/// <summary><c>fnet inspect</c> and <c>fnet predict --uncertainty</c>: the library's numbers, and one line for bad input.</summary>
public class InspectCommandTests
{
    // Two noisy half-moons' worth of labelled rows in the trained model's two features.
    private static (string Csv, double[][] Rows, int[] Labels) Moons(TempDirectory dir)
    {
        var moons = Generators.Moons(Rng.Create(3), 40, 0.1);
        var text = new StringBuilder("x0,x1,label\n");
        var rows = new double[moons.Count][];
        for (int i = 0; i < moons.Count; i++)
        {
            rows[i] = [moons.Features[i, 0], moons.Features[i, 1]];
            text.Append(CultureInfo.InvariantCulture, $"{rows[i][0]:R},{rows[i][1]:R},{moons.Labels[i]}\n");
        }
        return (dir.Write("data.csv", text.ToString()), rows, [.. moons.Labels]);
    }

    [Fact]
    public void Json_equals_the_library_on_the_same_model_and_data()
    {
        using var dir = BadInputTests.TrainedModel();
        var (csv, rows, labels) = Moons(dir);
        var run = Fnet.InProcess("inspect", "--model", dir["m"], "--data", csv, "--top", "3", "--bottom", "2", "--seed", "5", "--json");
        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Out).RootElement;
        var model = ModelFiles.LoadClassifier(dir["m"]).Match(m => m, e => throw new InvalidOperationException(e.Message));
        var expected = HessianSpectrum.Compute(model.Architecture, CostBatch.Weights(model.Weights), CostBatch.Of(model, Matrix<double>.FromRows(rows), labels),
            new LanczosOptions(Top: 3, Bottom: 2, Seed: 5)).Match(s => s, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(expected.Top.Select(p => p.Value), root.GetProperty("top").EnumerateArray().Select(p => p.GetProperty("eigenvalue").GetDouble()));
        Assert.Equal(expected.Bottom.Select(p => p.Value), root.GetProperty("bottom").EnumerateArray().Select(p => p.GetProperty("eigenvalue").GetDouble()));
        Assert.Equal(expected.GradientNorm, root.GetProperty("gradient_norm").GetDouble());
        Assert.Equal(expected.Sharpness, root.GetProperty("sharpness").GetDouble());
        Assert.Equal(expected.SmallestComputed, root.GetProperty("lambda_min").GetDouble());
        Assert.Equal(40, root.GetProperty("samples").GetInt32());

        var table = Fnet.InProcess("inspect", "--model", dir["m"], "--data", csv);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("sharpness", table.Out, StringComparison.Ordinal);
        Assert.Contains("gradient norm", table.Out, StringComparison.Ordinal);
        Assert.Contains("top 5", table.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--top", "0", "needs at least the largest eigenvalue")]
    [InlineData("--steps", "0", "at least 1 step")]
    [InlineData("--bottom", "-1", "at least one eigenvalue")]
    public void Out_of_range_counts_are_one_line(string option, string value, string fragment)
    {
        using var dir = BadInputTests.TrainedModel();
        var (csv, _, _) = Moons(dir);
        var run = Fnet.InProcess("inspect", "--model", dir["m"], "--data", csv, option, value);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void A_missing_data_file_is_one_line()
    {
        using var dir = BadInputTests.TrainedModel();
        var run = Fnet.InProcess("inspect", "--model", dir["m"], "--data", dir["none.csv"]);
        Fnet.AssertOneLineError(run, "none.csv");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Predict_with_uncertainty_adds_the_library_spread_as_a_last_column()
    {
        using var dir = BadInputTests.TrainedModel();
        var (csv, rows, labels) = Moons(dir);
        var run = Fnet.InProcess("predict", "--model", dir["m"], "--data", csv, "--uncertainty", csv);
        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.Equal("label,spread", lines[0]);
        var model = ModelFiles.LoadClassifier(dir["m"]).Match(m => m, e => throw new InvalidOperationException(e.Message));
        var features = Matrix<double>.FromRows(rows);
        var spread = LaplaceApproximation.Fit(model.Architecture, CostBatch.Weights(model.Weights), CostBatch.Of(model, features, labels))
            .Match(l => l, e => throw new InvalidOperationException(e.Message)).Spread(model.Scaler?.Apply(features) ?? features);
        Assert.Equal(spread, lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_calibrated_model_spreads_its_calibrated_probability()
    {
        using var dir = BadInputTests.TrainedModel();
        var (csv, rows, labels) = Moons(dir);
        var model = ModelFiles.LoadClassifier(dir["m"]).Bind(m => m.WithCalibration(new Calibration.Temperature(2.5)))
            .Match(m => m, e => throw new InvalidOperationException(e.Message));
        Assert.True(ModelFiles.Save(dir["c"], model).IsRight);
        var run = Fnet.InProcess("predict", "--model", dir["c"], "--data", csv, "--uncertainty", csv);
        Assert.Equal(0, run.ExitCode);
        var features = Matrix<double>.FromRows(rows);
        var laplace = LaplaceApproximation.Fit(model.Architecture, CostBatch.Weights(model.Weights), CostBatch.Of(model, features, labels))
            .Match(l => l, e => throw new InvalidOperationException(e.Message));
        var x = model.Scaler?.Apply(features) ?? features;
        var printed = run.Out.TrimEnd('\n').Split('\n').Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(laplace.Spread(x, calibration: model.Calibration), printed);
        Assert.NotEqual(laplace.Spread(x), printed);
    }

    [Fact]
    public void Uncertainty_from_unreadable_training_data_is_one_line()
    {
        using var dir = BadInputTests.TrainedModel();
        var (csv, _, _) = Moons(dir);
        var run = Fnet.InProcess("predict", "--model", dir["m"], "--data", csv, "--uncertainty", dir["missing.csv"]);
        Fnet.AssertOneLineError(run, "missing.csv");
        Assert.Equal(2, run.ExitCode);
    }
}
