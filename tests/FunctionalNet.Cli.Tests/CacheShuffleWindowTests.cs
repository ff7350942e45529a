using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 32, item 4: the chunks an epoch from a row cache shuffles together are an option (<c>--shuffle-window</c>),
/// recorded in the model card, changing the order (so the weights), and refused in one line where it means nothing.
/// </summary>
public class CacheShuffleWindowTests
{
    private static string[] Train(string data, string model, params string[] more) =>
        ["train", "--data", data, "--optimizer", "adam", "--batch-size", "16", "--epochs", "2", "--layers", "6", "--out", model, "-q", .. more];

    [Fact]
    public void The_shuffle_window_is_recorded_in_the_card_and_changes_the_order()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--chunk-rows", "8", "--out", dir["m.fnetc"]).ExitCode);
        var narrow = Fnet.InProcess(Train(dir["m.fnetc"], dir["narrow"], "--shuffle-window", "1"));
        Assert.True(narrow.ExitCode == 0, narrow.Error);
        Assert.Equal(0, Fnet.InProcess(Train(dir["m.fnetc"], dir["default"])).ExitCode);
        Assert.Contains("\"shuffle_window\": 1", File.ReadAllText(Path.Combine(dir["narrow"], ModelStore.CardFile)), StringComparison.Ordinal);
        Assert.Contains($"\"shuffle_window\": {FunctionalNet.IO.RowCache.DefaultWindow}", File.ReadAllText(Path.Combine(dir["default"], ModelStore.CardFile)), StringComparison.Ordinal);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir["narrow"], ModelStore.WeightsFile)), File.ReadAllBytes(Path.Combine(dir["default"], ModelStore.WeightsFile)));
    }

    [Theory]
    [InlineData("moons", "1", "is for training from a row cache")]
    [InlineData("cache", "0", "--shuffle-window must be ≥ 1")]
    public void A_shuffle_window_that_means_nothing_is_refused_in_one_line(string data, string window, string fragment)
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--out", dir["m.fnetc"]).ExitCode);
        var run = Fnet.InProcess(Train(data == "cache" ? dir["m.fnetc"] : data, dir["model"], "--shuffle-window", window));
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(dir["model"]));
    }
}
