using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 31, item 16: the weights journal hashes a weights file or its aside copy (<c>.previous</c>) only up to the size
/// the card's network allows, as the weights themselves are read — a link to a device that never ends is not hashed
/// for ever, on load (<see cref="WeightsJournal.Resolve"/>) or on the next save (<see cref="WeightsJournal.Recover"/>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class WeightsJournalTests
{
    // Hashing /dev/zero uncapped never ends; the capped hash stops after a few kilobytes.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private static string Model(TempDirectory dir)
    {
        string model = dir["m"];
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "60", "--layers", "3", "--epochs", "3", "--out", model, "-q").ExitCode);
        return model;
    }

    [Fact]
    public async Task Loading_with_an_aside_copy_does_not_hash_an_endless_weights_file()
    {
        using var dir = new TempDirectory();
        string weights = Path.Combine(Model(dir), ModelStore.WeightsFile);
        File.Move(weights, weights + WeightsJournal.PreviousSuffix);
        File.CreateSymbolicLink(weights, "/dev/zero");
        var load = Task.Run(() => ModelStore.Load(dir["m"]));
        Assert.True(await Task.WhenAny(load, Task.Delay(Hang)) == load, "loading hashed /dev/zero without a cap");
        var loaded = await load;
        Assert.True(loaded.IsRight, loaded.Match(_ => "", e => e.Error.Message)); // the aside copy is the card's
    }

    [Fact]
    public async Task The_next_save_does_not_hash_an_endless_aside_copy_and_removes_only_the_link()
    {
        using var dir = new TempDirectory();
        string weights = Path.Combine(Model(dir), ModelStore.WeightsFile);
        File.CreateSymbolicLink(weights + WeightsJournal.PreviousSuffix, "/dev/zero");
        var save = Task.Run(() => Fnet.InProcess("train", "--samples", "60", "--layers", "3", "--epochs", "2", "--out", dir["m"], "-q"));
        Assert.True(await Task.WhenAny(save, Task.Delay(Hang)) == save, "saving hashed /dev/zero without a cap");
        var saved = await save;
        Assert.True(saved.ExitCode == 0, saved.Error);
        Assert.False(File.Exists(weights + WeightsJournal.PreviousSuffix));
        Assert.True(ModelStore.Load(dir["m"]).IsRight);
    }
}
