using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

public class CheckpointTests
{
    [Theory]
    [InlineData("gd", "0")]
    [InlineData("sgd", "16")]
    public void A_resumed_run_ends_bit_identical_to_an_uninterrupted_one(string optimizer, string batch)
    {
        using var dir = new TempDirectory();
        string[] common = ["train", "--samples", "100", "--optimizer", optimizer, "--batch-size", batch, "--lr", "0.2",
            "--validation-split", "0.2", "--dtype", "float32", "-q"];
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "60", "--out", dir["whole"]]).ExitCode);
        // The first leg stops at epoch 30 (its budget) after checkpoints at 10, 20, 30; the second continues to 60.
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "30", "--checkpoint-every", "10", "--out", dir["leg1"]]).ExitCode);
        Assert.True(File.Exists(dir["leg1/checkpoint/checkpoint.json"]));
        var resumed = Fnet.InProcess([.. common, "--epochs", "60", "--resume", dir["leg1"], "--out", dir["leg2"]]);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(File.ReadAllBytes(dir["whole/model.safetensors"]), File.ReadAllBytes(dir["leg2/model.safetensors"]));
        var whole = TrainCommandTests.Loaded(dir["whole"]).Card;
        var leg2 = TrainCommandTests.Loaded(dir["leg2"]).Card;
        Assert.Equal(whole.Metrics, leg2.Metrics);
        Assert.Equal(60, leg2.Training!.EpochsRun);
        Assert.Equal(File.ReadAllText(dir["whole/loss.svg"]), File.ReadAllText(dir["leg2/loss.svg"]));
    }

    [Fact]
    public void Resuming_with_other_settings_or_without_a_checkpoint_is_refused()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "60", "--epochs", "10", "--checkpoint-every", "5", "--out", dir["a"], "-q").ExitCode);
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--samples", "60", "--epochs", "20", "--lr", "0.1", "--resume", dir["a"], "--out", dir["b"]),
            "was made by a run with other settings");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--samples", "60", "--epochs", "20", "--resume", dir["nothing"], "--out", dir["b"]),
            "checkpoint " + dir["nothing/checkpoint/checkpoint.json"] + " does not exist");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--optimizer", "lbfgs", "--checkpoint-every", "5", "--out", dir["b"]),
            "--checkpoint-every and --resume work with gd and sgd");
        Assert.False(Directory.Exists(dir["b"]));
    }
}
