using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 32: a classification from a cache ends as one from a file does (one function, TrainCommand.FinishClassification):
/// the card's metrics include the test part's scikit-learn scores, and the summary shows the classification report and
/// the confusion matrix. The cache's end had dropped both.
/// </summary>
public class CacheClassificationEndTests
{
    [Fact]
    public void A_classification_from_a_cache_records_and_shows_what_one_from_the_file_does()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--out", dir["m.fnetc"]).ExitCode);
        string[] Common(string data, string model) => ["train", "--data", data, "--optimizer", "adam", "--batch-size", "16", "--epochs", "2", "--out", dir[model]];
        var file = Fnet.InProcess(Common("moons", "file"));
        Assert.True(file.ExitCode == 0, file.Error);
        var cache = Fnet.InProcess(Common(dir["m.fnetc"], "cache"));
        Assert.True(cache.ExitCode == 0, cache.Error);
        var (fromFile, fromCache) = (Metrics(dir["file"]), Metrics(dir["cache"]));
        Assert.Contains("test_log_loss", fromFile);
        Assert.Equal(fromFile, fromCache);
        foreach (string shown in new[] { "classification report", "precision", "accuracy train" })
            Assert.Contains(shown, cache.Out, StringComparison.Ordinal);
    }

    private static string[] Metrics(string model) =>
        [.. ModelFiles.Load(model).Match(m => m, e => throw new InvalidOperationException(e.Message)).Card.Metrics.Keys.Order(StringComparer.Ordinal)];
}
