using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A cache of a header-less file holds no feature names, so a model trained from it lists none and matches columns by
/// position, as one trained from the CSV itself does; placeholders (x0, x1, …) would be taken for real names.
/// </summary>
public class CacheFeatureNameTests
{
    // Three features, two classes depending on all three (so a column swap changes predictions).
    private static string Rows(int[] order, bool label) => string.Join("\n", Enumerable.Range(0, 60).Select(i =>
    {
        double[] x = [(i * 37 % 60) / 10.0, (i * 11 % 60) / 10.0, (i * 7 % 60) / 20.0];
        var cells = order.Select(c => x[c].ToString("R", CultureInfo.InvariantCulture));
        return string.Join(',', label ? cells.Append(x[0] - x[1] + x[2] > 1.5 ? "big" : "small") : cells);
    })) + "\n";

    [Fact]
    public void A_model_trained_from_a_cache_of_a_header_less_file_lists_no_feature_names_and_predicts_by_position()
    {
        using var dir = new TempDirectory();
        string bare = dir.Write("bare.csv", Rows([0, 1, 2], label: true));
        var cached = Fnet.InProcess("cache", "--data", bare, "--out", dir["bare.fnetc"]);
        Assert.True(cached.ExitCode == 0, cached.Error);
        var trained = Fnet.InProcess("train", "--data", dir["bare.fnetc"], "--layers", "8", "--epochs", "100", "--optimizer", "adam", "--batch-size", "16", "--out", dir["m"], "-q");
        Assert.True(trained.ExitCode == 0, trained.Error);
        using (var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["m"], "model.json"))))
            Assert.Equal(0, card.RootElement.GetProperty("preprocessing").GetProperty("features").GetArrayLength());
        var plain = Fnet.InProcess("predict", "--model", dir["m"], "--data", dir.Write("rows.csv", Rows([0, 1, 2], label: false)), "--proba");
        Assert.True(plain.ExitCode == 0, plain.Error);
        // A header spelled like placeholders is read by position against a names-less model: x1 first is the first column.
        var named = Fnet.InProcess("predict", "--model", dir["m"], "--data", dir.Write("named.csv", "x1,x0,x2\n" + Rows([1, 0, 2], label: false)), "--proba");
        var swapped = Fnet.InProcess("predict", "--model", dir["m"], "--data", dir.Write("swapped.csv", Rows([1, 0, 2], label: false)), "--proba");
        Assert.True(named.ExitCode == 0, named.Error);
        Assert.Equal(swapped.Out, named.Out);
        Assert.NotEqual(plain.Out, named.Out);
    }
}
