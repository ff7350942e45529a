using System.Text.RegularExpressions;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet train --history-every N</c>: the history records epochs N, 2N, … and the last, with the costs an every-epoch run
/// records for them, the weights are that run's byte for byte (the epochs between only skip their cost), the model card
/// keeps N, a run checkpointed at recorded epochs resumes byte for byte, a row cache's run honours it as a run from
/// memory does, and an interval that cannot be honoured is refused in one line.
/// </summary>
public class HistoryEveryTests
{
    // Full-batch gradient descent on a sigmoid/BCE network: the fused narrow kernel, one step an epoch.
    private static string[] Gd(int epochs) => ["train", "--samples", "80", "--layers", "5,5", "--activation", "sigmoid", "--output", "sigmoid",
        "--loss", "bce", "--optimizer", "gd", "--lr", "0.5", "--patience", "0", "--validation-split", "0", "--epochs", I(epochs), "-q"];

    private static readonly string[] FullBatch = Gd(20);

    private static string I(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Both full-batch routes: the fused narrow kernel (fast) and the layer-by-layer pass (exact).
    [Theory]
    [InlineData(5, "fast")]
    [InlineData(7, "fast")]
    [InlineData(7, "exact")]
    public void Every_nth_epoch_is_recorded_with_every_epochs_cost_and_the_same_weights(int every, string kernels)
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess([.. FullBatch, "--kernels", kernels, "--out", dir["all"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess([.. FullBatch, "--kernels", kernels, "--history-every", every.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--out", dir["some"]]).ExitCode);
        var all = Timeless(dir["all/history.csv"]);
        int[] recorded = [.. Enumerable.Range(1, 20).Where(e => e % every == 0 || e == 20)];
        Assert.Equal([all[0], .. recorded.Select(e => all[e])], Timeless(dir["some/history.csv"]));
        Assert.Equal(File.ReadAllBytes(dir["all/model.safetensors"]), File.ReadAllBytes(dir["some/model.safetensors"]));
        Assert.Matches(new Regex($"\"history_every\"\\s*:\\s*{every}\\b"), File.ReadAllText(dir["some/model.json"]));
    }

    [Fact]
    public void An_interval_that_cannot_be_honoured_is_refused_in_one_line()
    {
        using var dir = new TempDirectory();
        Fnet.AssertOneLineError(Fnet.InProcess([.. FullBatch, "--history-every", "0", "--out", dir["a"]]), "--history-every must be ≥ 1, found 0");
        Fnet.AssertOneLineError(Fnet.InProcess([.. FullBatch, "--history-every", "5", "--checkpoint-every", "7", "--out", dir["b"]]),
            "--checkpoint-every 7 must be a multiple of --history-every 5");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--samples", "40", "--optimizer", "lbfgs", "--epochs", "3", "--history-every", "2", "-q", "--out", dir["c"]),
            "recording every N epochs is for first-order optimizers");
        Assert.False(Directory.Exists(dir["a"]) || Directory.Exists(dir["b"]) || Directory.Exists(dir["c"]));
    }

    [Fact]
    public void A_run_checkpointed_at_recorded_epochs_resumes_to_the_uninterrupted_runs_weights_and_history()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess([.. Gd(20), "--history-every", "5", "--out", dir["whole"]]).ExitCode);
        // The first leg records 5, 10 and its last epoch 13, and checkpoints at 10; the resume trains 11…20 again.
        Assert.Equal(0, Fnet.InProcess([.. Gd(13), "--history-every", "5", "--checkpoint-every", "10", "--out", dir["leg"]]).ExitCode);
        Assert.Equal(["5", "10", "13"], Timeless(dir["leg/history.csv"]).Skip(1).Select(l => l.Split(',')[0]));
        var resumed = Fnet.InProcess([.. Gd(20), "--history-every", "5", "--resume", dir["leg"], "--out", dir["leg"]]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(File.ReadAllBytes(dir["whole/model.safetensors"]), File.ReadAllBytes(dir["leg/model.safetensors"]));
        Assert.Equal(Timeless(dir["whole/history.csv"]), Timeless(dir["leg/history.csv"]));
    }

    [Fact]
    public void A_cache_run_records_every_nth_epoch_and_resumes_byte_identical()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--chunk-rows", "16", "--out", dir["m.fnetc"]).ExitCode);
        string[] Cached(int epochs) => ["train", "--data", dir["m.fnetc"], "--optimizer", "adam", "--batch-size", "16", "--layers", "6", "--dtype", "float32",
            "--patience", "0", "--validation-split", "0", "--epochs", I(epochs), "-q"];
        Assert.Equal(0, Fnet.InProcess([.. Cached(7), "--out", dir["all"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess([.. Cached(7), "--history-every", "3", "--out", dir["some"]]).ExitCode);
        var all = Timeless(dir["all/history.csv"]);
        Assert.Equal([all[0], all[3], all[6], all[7]], Timeless(dir["some/history.csv"]));
        Assert.Equal(File.ReadAllBytes(dir["all/model.safetensors"]), File.ReadAllBytes(dir["some/model.safetensors"]));
        Assert.Matches(new Regex("\"history_every\"\\s*:\\s*3\\b"), File.ReadAllText(dir["some/model.json"]));
        // Stopped after a checkpoint at epoch 3 and resumed: the uninterrupted run's weights and lines.
        Assert.Equal(0, Fnet.InProcess([.. Cached(5), "--history-every", "3", "--checkpoint-every", "3", "--out", dir["leg"]]).ExitCode);
        var resumed = Fnet.InProcess([.. Cached(7), "--history-every", "3", "--resume", dir["leg"], "--out", dir["leg"]]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(File.ReadAllBytes(dir["some/model.safetensors"]), File.ReadAllBytes(dir["leg/model.safetensors"]));
        Assert.Equal(Timeless(dir["some/history.csv"]), Timeless(dir["leg/history.csv"]));
    }

    // The lines of a CSV history without its seconds column (wall-clock, so never equal between runs).
    private static string[] Timeless(string path) =>
        [.. File.ReadAllLines(path).Select(l => string.Join(",", l.Split(',')[..5]))];
}
