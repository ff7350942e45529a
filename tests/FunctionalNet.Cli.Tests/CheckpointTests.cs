using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

public class CheckpointTests
{
    public static TheoryData<string, string> Optimizers => new()
    {
        { "gd", "0" }, { "sgd", "16" }, { "momentum", "16" }, { "nesterov", "0" }, { "adam", "16" }, { "rmsprop", "16" },
        { "adagrad", "0" }, { "rprop", "0" }, { "cg", "0" }, { "lbfgs", "0" }, { "tnc", "0" },
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_resumed_run_ends_bit_identical_to_an_uninterrupted_one(string optimizer, string batch)
    {
        using var dir = new TempDirectory();
        string[] common = ["train", "--samples", "100", "--optimizer", optimizer, "--batch-size", batch, "--lr", "0.05",
            "--validation-split", "0.2", "--dtype", "float32", "-q"];
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "40", "--out", dir["whole"]]).ExitCode);
        // The first leg stops at epoch 20 (its budget) after checkpoints at 7 and 14; the second continues from 14 to 40.
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "20", "--checkpoint-every", "7", "--out", dir["leg1"]]).ExitCode);
        Assert.Equal(14, (int)JsonNode.Parse(File.ReadAllText(dir["leg1/checkpoint/checkpoint.json"]))!["epoch"]!);
        var resumed = Fnet.InProcess([.. common, "--epochs", "40", "--resume", dir["leg1"], "--out", dir["leg2"]]);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(File.ReadAllBytes(dir["whole/model.safetensors"]), File.ReadAllBytes(dir["leg2/model.safetensors"]));
        var whole = TrainCommandTests.Loaded(dir["whole"]).Card;
        var leg2 = TrainCommandTests.Loaded(dir["leg2"]).Card;
        Assert.Equal(whole.Metrics, leg2.Metrics);
        Assert.Equal(whole.Training!.EpochsRun, leg2.Training!.EpochsRun);
        Assert.Equal(File.ReadAllText(dir["whole/loss.svg"]), File.ReadAllText(dir["leg2/loss.svg"]));
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Ctrl_c_before_the_first_step_saves_nothing_and_leaves_an_existing_model_byte_identical(string optimizer, string batch)
    {
        // A token cancelled before the command starts is a Ctrl+C or SIGTERM during data loading: the engine then
        // stops before its first step, and the untrained start must not replace the model already in --out.
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "60", "--epochs", "3", "--out", dir["m"], "-q").ExitCode);
        var before = Snapshot(dir["m"]);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var run = Fnet.InProcess(cancelled.Token, "train", "--samples", "60", "--optimizer", optimizer, "--batch-size", batch,
            "--epochs", "50", "--out", dir["m"]);
        Assert.Equal(130, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Equal($"fnet: interrupted before the first epoch finished; nothing was saved, {dir["m"]} is as it was", line);
        Assert.Equal(before, Snapshot(dir["m"]));
        Assert.Equal(130, Fnet.InProcess(cancelled.Token, "train", "--samples", "60", "--epochs", "5", "--out", dir["fresh"], "-q").ExitCode);
        Assert.False(Directory.Exists(dir["fresh"]));
    }

    // The checkpoint file of a kind in a model directory, as its card names it (by the file's SHA-256).
    internal static string CheckpointFile(string directory, string kind)
    {
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "checkpoint", "checkpoint.json")))!;
        return Path.Combine(directory, "checkpoint", $"{kind}-{(string)card[$"{kind}_sha256"]!}.safetensors");
    }

    // Every file under a directory with its bytes, to compare a directory before and after a run.
    internal static SortedDictionary<string, string> Snapshot(string directory) => new(
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(directory, f), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);

    [Fact]
    public void A_failed_checkpoint_stops_the_run_at_once_saves_the_model_kept_so_far_and_names_the_problem()
    {
        // OUT/checkpoint is a file, so the first checkpoint (epoch 2) cannot be written: the run stops there and the
        // two trained epochs replace the old model instead of being thrown away with it.
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "60", "--epochs", "1", "--out", dir["m"], "-q").ExitCode);
        File.WriteAllText(dir["m/checkpoint"], "in the way");
        var run = Fnet.InProcess("train", "--samples", "60", "--epochs", "50", "--checkpoint-every", "2", "--out", dir["m"], "-q");
        Fnet.AssertOneLineError(run, $"checkpoint at epoch 2 failed, so training stopped there and the model kept so far was saved: cannot access checkpoint directory {dir["m/checkpoint"]}");
        Assert.Equal(2, TrainCommandTests.Loaded(dir["m"]).Card.Training!.EpochsRun);
        Assert.Equal("in the way", File.ReadAllText(dir["m/checkpoint"]));
    }

    [Fact]
    public void Resuming_with_other_settings_or_without_a_checkpoint_is_refused()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "60", "--epochs", "10", "--checkpoint-every", "5", "--out", dir["a"], "-q").ExitCode);
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--samples", "60", "--epochs", "20", "--lr", "0.1", "--resume", dir["a"], "--out", dir["b"]),
            "was made by a run with other settings");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--samples", "60", "--epochs", "20", "--optimizer", "adam", "--resume", dir["a"], "--out", dir["b"]),
            "was made by a run with other settings");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--samples", "60", "--epochs", "20", "--resume", dir["nothing"], "--out", dir["b"]),
            "checkpoint " + dir["nothing/checkpoint/checkpoint.json"] + " does not exist");
        Assert.False(Directory.Exists(dir["b"]));
    }

    [Theory]
    [InlineData("adam", "momentum", "cannot continue momentum: state.0 is AdamState<Double>, expected TraceState<Double>")]
    [InlineData("lbfgs", "momentum", "cannot continue momentum: it holds a line-search minimizer's state")]
    [InlineData("momentum", "cg", "cannot continue cg: it holds no cg state")]
    [InlineData("cg", "lbfgs", "cannot continue lbfgs: it is a ConjugateGradientState, not a QuasiNewtonState")]
    public void An_optimizer_state_that_does_not_fit_the_optimizer_is_refused(string saved, string resumed, string message)
    {
        // Only a hand-made checkpoint gets this far (the fingerprint names the optimizer): transplant another run's
        // optimizer state, with a matching checksum, into a checkpoint of the resuming optimizer.
        using var dir = new TempDirectory();
        string[] common = ["train", "--samples", "60", "--epochs", "4", "--checkpoint-every", "2", "-q"];
        Assert.Equal(0, Fnet.InProcess([.. common, "--optimizer", saved, "--out", dir["donor"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess([.. common, "--optimizer", resumed, "--out", dir["m"]]).ExitCode);
        var state = File.ReadAllBytes(CheckpointFile(dir["donor"], "optimizer"));
        string sha = Convert.ToHexStringLower(SHA256.HashData(state));
        File.WriteAllBytes(dir[$"m/checkpoint/optimizer-{sha}.safetensors"], state);
        var card = JsonNode.Parse(File.ReadAllText(dir["m/checkpoint/checkpoint.json"]))!;
        card["optimizer_sha256"] = sha;
        File.WriteAllText(dir["m/checkpoint/checkpoint.json"], card.ToJsonString());
        Fnet.AssertOneLineError(Fnet.InProcess(["train", "--samples", "60", "--epochs", "8", "--optimizer", resumed, "--resume", dir["m"], "--out", dir["b"]]), message);
    }

    [Fact]
    public void A_damaged_optimizer_state_is_refused_by_its_checksum()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "60", "--optimizer", "adam", "--epochs", "4", "--checkpoint-every", "2", "--out", dir["m"], "-q").ExitCode);
        string path = CheckpointFile(dir["m"], "optimizer");
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 1;
        File.WriteAllBytes(path, bytes);
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--samples", "60", "--optimizer", "adam", "--epochs", "8", "--resume", dir["m"], "--out", dir["b"]),
            path + " does not match the SHA-256 in checkpoint.json");
    }
    [Theory]
    [InlineData("gd", "0", "epoch", 1_000_000_000, "it says epoch 1000000000 but the training costs of 4 epoch(s)")]
    [InlineData("gd", "0", "epoch", -5, "it says epoch -5 is negative")]
    [InlineData("gd", "0", "step", 5, "it says step 5 at epoch 4, where this run takes 1 step(s) an epoch (4 in all)")]
    [InlineData("adam", "16", "step", 4, "it says step 4 at epoch 4, where this run takes 3 step(s) an epoch (12 in all)")]
    [InlineData("lbfgs", "0", "step", 40, "it says step 40 at epoch 4, where this run takes 1 step(s) an epoch (4 in all)")]
    [InlineData("adam", "16", "best_epoch", 9, "it says best epoch 9 outside epochs 0…4")]
    [InlineData("adam", "16", "stale_epochs", -1, "it says -1 stale epochs in 4")]
    public void A_checkpoint_card_whose_counts_disagree_is_refused_in_one_line(string optimizer, string batch, string field, long value, string message)
    {
        // checkpoint.json carries no checksum of its own: an edited epoch past the budget used to end the run at once, exit 0.
        using var dir = new TempDirectory();
        string[] common = ["train", "--samples", "60", "--optimizer", optimizer, "--batch-size", batch, "-q"];
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "4", "--checkpoint-every", "2", "--out", dir["m"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "8", "--resume", dir["m"], "--out", dir["whole"]]).ExitCode);
        var card = JsonNode.Parse(File.ReadAllText(dir["m/checkpoint/checkpoint.json"]))!;
        card[field] = value;
        File.WriteAllText(dir["m/checkpoint/checkpoint.json"], card.ToJsonString());
        var run = Fnet.InProcess([.. common, "--epochs", "8", "--resume", dir["m"], "--out", dir["b"]]);
        Assert.Equal(2, run.ExitCode);
        Fnet.AssertOneLineError(run, $"{dir["m/checkpoint"]}/checkpoint.json is inconsistent: {message}");
        Assert.False(Directory.Exists(dir["b"]));
    }
}
