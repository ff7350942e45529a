using System.Globalization;
using System.Text.Json.Nodes;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 28 item 5: <c>fnet sweep --refit DIR</c> trains the winning configuration into DIR exactly as <c>fnet train</c>
/// with the sweep's options and the winner's does — the same files, byte for byte (the history but its seconds) —
/// after an unsharded sweep, a collect of its shards, or successive halving; a shard alone refuses it.
/// </summary>
public class SweepRefitTests
{
    private static readonly string[] Moons = ["--data", "moons", "--samples", "60", "--epochs", "15"];

    private static readonly string[] Friedman = ["--data", "friedman", "--samples", "60", "--epochs", "10", "--optimizer", "adam"];

    // The winner computed here from the lines: the configuration of the highest mean score over folds, first on ties.
    private static string[] Winner(string results, string metric, double sign = 1)
    {
        var lines = File.ReadAllLines(results).Select(l => JsonNode.Parse(l)!).ToArray();
        var best = lines.GroupBy(l => (int)l["trial"]! / (int)l["folds"]!).OrderBy(g => g.Key)
            .MaxBy(g => sign * g.OrderBy(l => (int)l["trial"]!).Sum(l => (double)l["metrics"]![metric]!) / g.Count())!;
        return [.. best.First()["config"]!.AsObject().SelectMany(p => new[] { "--" + p.Key, (string)p.Value! })];
    }

    // Every file of the two model directories is the same bytes; the history's lines are the same but for their seconds.
    private static void AssertSameModel(string trained, string refitted)
    {
        var names = Directory.GetFiles(trained).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(names, Directory.GetFiles(refitted).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
        Assert.Contains("model.safetensors", names);
        foreach (var name in names.Where(n => n != "history.csv"))
            Assert.True(File.ReadAllBytes(Path.Combine(trained, name)).SequenceEqual(File.ReadAllBytes(Path.Combine(refitted, name))), $"{name} differs");
        static string[] Timeless(string file) => [.. File.ReadAllLines(file).Select(l => string.Join(",", l.Split(',')[..5]))];
        Assert.Equal(Timeless(Path.Combine(trained, "history.csv")), Timeless(Path.Combine(refitted, "history.csv")));
        Assert.Equal((string)JsonNode.Parse(File.ReadAllText(Path.Combine(trained, "model.json")))!["weights_sha256"]!,
            (string)JsonNode.Parse(File.ReadAllText(Path.Combine(refitted, "model.json")))!["weights_sha256"]!);
    }

    [Theory]
    [InlineData("moons", null, "validation_accuracy", 1)]
    [InlineData("moons", "log_loss", "validation_log_loss", -1)]
    [InlineData("friedman", null, "validation_r2", 1)]
    public void The_refit_model_is_fnet_trains_with_the_winners_options_bit_for_bit(string data, string? scoring, string metric, double sign)
    {
        using var dir = new TempDirectory();
        string[] fixedOptions = data == "moons" ? Moons : Friedman;
        var sweep = Fnet.InProcess(["sweep", .. fixedOptions, "--folds", "2", "--grid", "lr=0.01|0.3|1,layers=3|5", "--quiet", "--out", dir["s.jsonl"],
            "--refit", dir["refit"], .. scoring is null ? Array.Empty<string>() : ["--scoring", scoring]]);
        Assert.True(sweep.ExitCode == 0, sweep.Error);
        var winner = Winner(dir["s.jsonl"], metric, sign);
        Assert.Contains($"refit    {string.Join(' ', winner.Chunk(2).Select(p => p[0][2..] + "=" + p[1]))} ", sweep.Out, StringComparison.Ordinal);
        var train = Fnet.InProcess(["train", .. fixedOptions, .. winner, "--quiet", "--out", dir["train"]]);
        Assert.True(train.ExitCode == 0, train.Error);
        AssertSameModel(dir["train"], dir["refit"]);
    }

    [Fact]
    public void Collected_shards_refit_the_unsharded_sweeps_winner_and_a_shard_alone_refuses_it()
    {
        using var dir = new TempDirectory();
        string[] sweep = ["sweep", .. Moons, "--folds", "2", "--grid", "lr=0.05|0.5|2", "--quiet"];
        var refused = Fnet.InProcess([.. sweep, "--shard", "0/2", "--out", dir["s0.jsonl"], "--refit", dir["refit"]]);
        Fnet.AssertOneLineError(refused, "--refit trains the winner of the whole sweep, which a shard does not see: give --refit to 'fnet sweep --collect'");
        Assert.Equal(2, refused.ExitCode);
        Assert.False(File.Exists(dir["s0.jsonl"]));
        Assert.Equal(0, Fnet.InProcess([.. sweep, "--out", dir["all.jsonl"], "--refit", dir["whole"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess([.. sweep, "--shard", "0/2", "--out", dir["s0.jsonl"]]).ExitCode);
        // One shard's file alone is not the whole sweep: nothing is trained.
        var part = Fnet.InProcess("sweep", "--collect", dir["s0.jsonl"], "--refit", dir["refit"]);
        Fnet.AssertOneLineError(part, "--refit trains the winner of the whole sweep, but 3 of its 6 trials are recorded");
        Assert.False(Directory.Exists(dir["refit"]));
        Assert.Equal(0, Fnet.InProcess([.. sweep, "--shard", "1/2", "--out", dir["s1.jsonl"]]).ExitCode);
        var collected = Fnet.InProcess("sweep", "--collect", dir["s0.jsonl"], dir["s1.jsonl"], "--refit", dir["refit"]);
        Assert.True(collected.ExitCode == 0, collected.Error);
        AssertSameModel(dir["whole"], dir["refit"]);
    }

    [Fact]
    public void Halving_refits_its_last_rungs_best_at_that_rungs_epochs_and_keeps_each_rungs_histories_apart()
    {
        using var dir = new TempDirectory();
        // 4 configurations at 2 epochs, the best 2 at 4.
        var run = Fnet.InProcess("sweep", "--data", "moons", "--samples", "48", "--folds", "2", "--search", "halving", "--min-epochs", "2", "--factor", "2",
            "--grid", "lr=0.1|0.3|1|3", "--quiet", "--out", dir["h.jsonl"], "--refit", dir["refit"], "--histories", dir["hist"]);
        Assert.True(run.ExitCode == 0, run.Error);
        // Each rung numbers its trials from 0, so each has a folder: a line per epoch after the header.
        foreach (var (rung, trials, epochs) in new[] { (0, 8, 2), (1, 4, 4) })
        {
            Assert.Equal(trials, Directory.GetFiles(dir[$"hist/rung{rung}"]).Length);
            for (int t = 0; t < trials; t++) Assert.Equal(epochs + 1, File.ReadAllLines(dir[$"hist/rung{rung}/trial-{t}.csv"]).Length);
        }
        var winner = Winner(dir["h.rung1.jsonl"], "validation_accuracy");
        var train = Fnet.InProcess(["train", "--data", "moons", "--samples", "48", "--epochs", "4", .. winner, "--quiet", "--out", dir["train"]]);
        Assert.True(train.ExitCode == 0, train.Error);
        AssertSameModel(dir["train"], dir["refit"]);
        Assert.Equal(4, (int)JsonNode.Parse(File.ReadAllText(dir["refit/model.json"]))!["training"]!["epochs"]!);
    }

    [Theory]
    [InlineData(new[] { "--refit", " " }, "--refit needs a directory to train the winner into; found an empty name")]
    [InlineData(new[] { "--histories", "" }, "--histories needs a directory for the trials' histories; found an empty name")]
    [InlineData(new[] { "--history-format", "jsonl" }, "--history-format goes with --histories DIR")]
    [InlineData(new[] { "--histories", "h", "--history-format", "xml" }, "--history-format 'xml' is not one of csv, jsonl")]
    public void Bad_refit_and_histories_options_are_one_line_errors(string[] args, string fragment)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess(["sweep", .. Moons, "--folds", "2", "--out", dir["x.jsonl"], .. args]);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(dir["x.jsonl"]));
    }

    [Fact]
    public void A_refit_from_lines_whose_data_file_changed_since_is_refused()
    {
        using var dir = new TempDirectory();
        var rows = string.Concat(Enumerable.Range(0, 24).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 7},{i % 5},{(i % 3 == 0 ? "a" : "b")}\n")));
        File.WriteAllText(dir["d.csv"], "x,y,label\n" + rows);
        Assert.Equal(0, Fnet.InProcess("sweep", "--data", dir["d.csv"], "--epochs", "3", "--folds", "2", "--grid", "lr=0.1|1", "--quiet", "--out", dir["s.jsonl"]).ExitCode);
        File.AppendAllText(dir["d.csv"], "1,1,a\n");
        var run = Fnet.InProcess("sweep", "--collect", dir["s.jsonl"], "--refit", dir["refit"]);
        Fnet.AssertOneLineError(run, "--refit: the recorded options now give sweep ");
        Assert.Contains("a data file changed since the sweep", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["refit"]));
    }
}
