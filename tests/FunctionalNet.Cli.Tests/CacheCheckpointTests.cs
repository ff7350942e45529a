using System.Text.Json.Nodes;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 32, item 4: training from a row cache checkpoints and resumes as training from memory does — a run stopped
/// and resumed ends byte for byte as the uninterrupted one — and a checkpoint continues only the run that made it.
/// </summary>
public class CacheCheckpointTests
{
    private static string[] Common(string cache) =>
        ["train", "--data", cache, "--optimizer", "adam", "--batch-size", "16", "--layers", "6", "--validation-split", "0.2", "--dtype", "float32", "-q"];

    [Fact]
    public void A_cache_run_stopped_and_resumed_ends_byte_identical_to_an_uninterrupted_one()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--chunk-rows", "16", "--out", dir["m.fnetc"]).ExitCode);
        string[] common = Common(dir["m.fnetc"]);
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "12", "--out", dir["whole"]]).ExitCode);
        // The first leg stops at epoch 6 (its budget) after a checkpoint at 4; the second continues from 4 to 12.
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "6", "--checkpoint-every", "4", "--out", dir["leg1"]]).ExitCode);
        Assert.Equal(4, (int)JsonNode.Parse(File.ReadAllText(dir["leg1/checkpoint/checkpoint.json"]))!["epoch"]!);
        var resumed = Fnet.InProcess([.. common, "--epochs", "12", "--resume", dir["leg1"], "--out", dir["leg2"]]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(File.ReadAllBytes(dir["whole/model.safetensors"]), File.ReadAllBytes(dir["leg2/model.safetensors"]));
        Assert.Equal(TrainCommandTests.Loaded(dir["whole"]).Card.Metrics, TrainCommandTests.Loaded(dir["leg2"]).Card.Metrics);
        Assert.NotEqual(File.ReadAllBytes(dir["whole/model.safetensors"]), File.ReadAllBytes(dir["leg1/model.safetensors"]));
    }

    [Fact]
    public void A_checkpoint_does_not_continue_a_run_with_another_shuffle_window_or_another_cache()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--chunk-rows", "16", "--out", dir["m.fnetc"]).ExitCode);
        string[] common = Common(dir["m.fnetc"]);
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "4", "--checkpoint-every", "2", "--out", dir["leg1"]]).ExitCode);
        var window = Fnet.InProcess([.. common, "--epochs", "8", "--shuffle-window", "2", "--resume", dir["leg1"], "--out", dir["leg2"]]);
        Fnet.AssertOneLineError(window, "other settings");
        // The same path, other rows: the cache's checksum is part of the run's settings.
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--seed", "5", "--chunk-rows", "16", "--out", dir["m.fnetc"]).ExitCode);
        var rows = Fnet.InProcess([.. common, "--epochs", "8", "--resume", dir["leg1"], "--out", dir["leg3"]]);
        Fnet.AssertOneLineError(rows, "other settings");
        Assert.False(Directory.Exists(dir["leg2"]) || Directory.Exists(dir["leg3"]));
    }
}
