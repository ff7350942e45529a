using System.Globalization;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data.Loading;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet train</c> runs the library's own fit: on the same rows (a --test-data file, so the command splits nothing
/// off) with the options its card records, <c>Classifier.Fit</c> and <c>Regressor.Fit</c> give the same weights, bit for bit.
/// </summary>
public class LibraryFitTests
{
    public static TheoryData<string, string> Runs => new()
    {
        { "adam", "float64" },
        { "sgd", "float32" },
        { "lbfgs", "float32" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void The_classifier_fnet_train_saves_is_Classifier_Fit_on_the_same_rows(string optimizer, string dtype)
    {
        using var dir = new TempDirectory();
        Write(dir["train.csv"], Generators.Moons(Rng.Create(3), 60, 0.2));
        Write(dir["test.csv"], Generators.Moons(Rng.Create(4), 20, 0.2));
        var run = Fnet.InProcess("train", "--data", dir["train.csv"], "--test-data", dir["test.csv"], "--optimizer", optimizer, "--dtype", dtype,
            "--epochs", "6", "--batch-size", "16", "--validation-split", "0.25", "--class-weight", "balanced", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        var saved = Loaded(ModelFiles.LoadClassifier(dir["m"]));
        var rows = Loaded(LabelledFiles.Load(dir["train.csv"], null, CsvOptions.Default with { SinglePrecision = dtype == "float32" && optimizer != "lbfgs" }));
        var fitted = Fitted(Classifier.Fit(rows, saved.Summary.Training!.Options));
        Assert.Equal(saved.Weights, fitted.Weights, NetworkWeightsBits.Instance);
        AssertSame(saved.Scaler, fitted.Scaler);
    }

    [Fact]
    public void The_regressor_fnet_train_saves_is_Regressor_Fit_on_the_same_rows()
    {
        using var dir = new TempDirectory();
        Write(dir["train.csv"], RegressionGenerators.Friedman1(Rng.Create(5), 50, 5, 0.1));
        Write(dir["test.csv"], RegressionGenerators.Friedman1(Rng.Create(6), 15, 5, 0.1));
        var run = Fnet.InProcess("train", "--data", dir["train.csv"], "--test-data", dir["test.csv"], "--task", "regression", "--label", "y",
            "--epochs", "5", "--validation-split", "0.2", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        var saved = Loaded(ModelFiles.LoadRegressor(dir["m"]));
        var rows = Loaded(RegressionFiles.Load(dir["train.csv"], "y"));
        var fitted = Fitted(Regressor.Fit(rows, saved.Summary.Training!.Options));
        Assert.Equal(saved.Weights, fitted.Weights, NetworkWeightsBits.Instance);
        AssertSame(saved.Scaler, fitted.Scaler);
        AssertSame(saved.TargetScaler, fitted.TargetScaler);
    }

    private static void AssertSame(Formats.ScalerCard? saved, Formats.ScalerCard? fitted)
    {
        Assert.NotNull(saved);
        Assert.NotNull(fitted);
        Assert.Equal(saved.Kind, fitted.Kind);
        // The card's JSON round trip may move a scaler's last bit; the weights above are the bit-for-bit check.
        Assert.Equal(saved.Offset.Length, fitted.Offset.Length);
        Assert.All(saved.Offset.Zip(fitted.Offset).Concat(saved.Scale.Zip(fitted.Scale)), p => Assert.Equal(p.Item1, p.Item2, 1e-12 * Math.Max(1, Math.Abs(p.Item1))));
    }

    // Every value with "R", so the file holds the generated doubles exactly; the label column last.
    private static void Write(string path, Dataset data)
    {
        var targets = data.Targets.ToMatrix();
        bool regression = data.Targets is ValueTargets;
        var lines = new List<string> { string.Join(",", Enumerable.Range(0, data.FeatureCount).Select(c => $"x{c}").Append(regression ? "y" : "label")) };
        for (int r = 0; r < data.Count; r++)
            lines.Add(string.Join(",", Enumerable.Range(0, data.FeatureCount).Select(c => data.Features[r, c].ToString("R", CultureInfo.InvariantCulture))
                .Append(regression ? targets[r, 0].ToString("R", CultureInfo.InvariantCulture) : data.Classes.ClassNames[data.Labels[r]])));
        File.WriteAllLines(path, lines);
    }

    private static T Loaded<T, TError>(LanguageExt.Either<TError, T> either) => either.Match(t => t, e => throw new InvalidOperationException($"{e}"));

    private static T Fitted<T>(LanguageExt.Validation<Error, T> fit) =>
        fit.Match(t => t, errors => throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message))));

    private sealed class NetworkWeightsBits : IEqualityComparer<NetworkWeights>
    {
        public static NetworkWeightsBits Instance { get; } = new();

        public bool Equals(NetworkWeights? x, NetworkWeights? y) => (x, y) switch
        {
            (NetworkWeights.F32 a, NetworkWeights.F32 b) => a.Parameters.Flat.SequenceEqual(b.Parameters.Flat),
            (NetworkWeights.F64 a, NetworkWeights.F64 b) => a.Parameters.Flat.SequenceEqual(b.Parameters.Flat),
            _ => false,
        };

        public int GetHashCode(NetworkWeights obj) => 0;
    }
}
