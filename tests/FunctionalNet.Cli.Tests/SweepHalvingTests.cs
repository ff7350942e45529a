using System.Globalization;
using System.Text.Json.Nodes;
using FunctionalNet.Cli.Sweeps;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet sweep --search halving</c>: each rung promotes its best 1/factor, rungs resume, and shards that wait for
/// each other's rungs (<c>--peers</c>) write, rung for rung, the lines of the unsharded search.
/// </summary>
public class SweepHalvingTests
{
    // 6 configurations × 2 folds at 2 epochs, the best 3 at 4, the best 2 at 8.
    private static readonly string[] Search =
        ["sweep", "--data", "moons", "--samples", "48", "--folds", "2", "--search", "halving", "--min-epochs", "2", "--factor", "2",
         "--grid", "layers=3|4,lr=0.1|0.3|1", "--quiet"];

    private static string[] Configs(string path) =>
        [.. File.ReadAllLines(path).Select(l => JsonNode.Parse(l)!["config"]!.ToJsonString()).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void Each_rung_trains_the_best_part_of_the_last_at_factor_times_the_epochs_and_a_rerun_has_nothing_left()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess([.. Search, "--out", dir["h.jsonl"]]);
        Assert.True(run.ExitCode == 0, run.Error);
        int[] sizes = [6, 3, 2];
        for (int rung = 0; rung < 3; rung++)
        {
            var lines = File.ReadAllLines(dir[$"h.rung{rung}.jsonl"]).Select(l => JsonNode.Parse(l)!).ToArray();
            Assert.Equal(sizes[rung] * 2, lines.Length);
            Assert.All(lines, l => Assert.True((int)l["epochs"]! <= 2 << rung));
            if (rung == 0) continue;
            // The promoted: the previous rung's best by mean held-out accuracy, computed here from its lines.
            var previous = File.ReadAllLines(dir[$"h.rung{rung - 1}.jsonl"]).Select(l => JsonNode.Parse(l)!)
                .GroupBy(l => l["config"]!.ToJsonString())
                .Select(g => (Config: g.Key, Mean: g.Average(l => (double)l["metrics"]!["validation_accuracy"]!), First: g.Min(l => (int)l["trial"]!)))
                .OrderByDescending(c => c.Mean).ThenBy(c => c.First).Take(sizes[rung]).Select(c => c.Config).Order(StringComparer.Ordinal);
            Assert.Equal(previous, Configs(dir[$"h.rung{rung}.jsonl"]));
        }
        Assert.False(File.Exists(dir["h.rung3.jsonl"]));
        Assert.Contains("best     ", run.Out, StringComparison.Ordinal);
        // One picture of the whole search: a panel per key, each configuration of each rung once, the rungs in its legend.
        var picture = System.Xml.Linq.XDocument.Parse(File.ReadAllText(dir["h.svg"])).Descendants().ToArray();
        Assert.Equal(2 * (6 + 3 + 2), picture.Count(e => e.Name.LocalName == "circle" && (string?)e.Attribute("class") == "mean"));
        Assert.Equal(["rung 0", "rung 1", "rung 2"], picture.Where(e => e.Name.LocalName == "text" && e.Value.StartsWith("rung ", StringComparison.Ordinal)).Select(e => e.Value).Distinct());
        Assert.False(File.Exists(dir["h.rung0.svg"]));
        var again = Fnet.InProcess([.. Search, "--out", dir["h.jsonl"]]);
        Assert.Equal(3, again.Out.Split('\n').Count(l => l.StartsWith("running  0 trials", StringComparison.Ordinal)));
        Assert.Equal(run.Out.Split('\n').Last(l => l.StartsWith("best", StringComparison.Ordinal)),
            again.Out.Split('\n').Last(l => l.StartsWith("best", StringComparison.Ordinal)));
    }

    [Fact]
    public void Shards_waiting_for_each_others_rungs_write_the_unsharded_searchs_lines()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess([.. Search, "--out", dir["all.jsonl"]]).ExitCode);
        string[] outs = [dir["s0.jsonl"], dir["s1.jsonl"]];
        var finished = new bool[2];
        // As two array tasks resubmitted until done: each runs its part of the first incomplete rung, then waits.
        for (int round = 0; round < 8 && !finished.All(f => f); round++)
            for (int i = 0; i < 2; i++)
            {
                var run = Fnet.InProcess([.. Search, "--shard", $"{i}/2", "--parallel", "1", "--out", outs[i], "--peers", outs[1 - i]]);
                Assert.True(run.ExitCode == 0, run.Error);
                finished[i] = run.Out.Contains("best     ", StringComparison.Ordinal);
            }
        Assert.All(finished, Assert.True);
        for (int rung = 0; rung < 3; rung++)
            Assert.Equal(SweepResults.Deterministic(dir[$"all.rung{rung}.jsonl"]),
                outs.SelectMany(o => SweepResults.Deterministic(Halving.RungPath(o, rung))).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "--factor", "1", "--min-epochs", "2" }, "--factor must be at least 2, found 1")]
    [InlineData(new string[0], "--search halving needs --min-epochs R")]
    [InlineData(new[] { "--min-epochs", "0" }, "--min-epochs must be at least 1, found 0")]
    [InlineData(new[] { "--min-epochs", "2", "--epochs", "5" }, "--search halving sets each rung's epochs")]
    [InlineData(new[] { "--min-epochs", "1073741824", "--factor", "4" }, "rung 1 would train 4294967296 epochs")]
    public void Bad_halving_options_are_one_line_errors(string[] args, string fragment)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess(["sweep", "--data", "moons", "--samples", "40", "--folds", "2", "--search", "halving",
            "--grid", "lr=0.1|0.2|0.3|0.4|0.5", "--out", dir["x.jsonl"], .. args]);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Rung_files_sit_beside_the_results_file()
    {
        Assert.Equal(Path.Combine("a", "b.rung2.jsonl"), Halving.RungPath(Path.Combine("a", "b.jsonl"), 2));
        Assert.Equal("out.rung0.jsonl", Halving.RungPath("out", 0));
        Assert.Equal(new[] { 1, 1, 2, 4 }, new[] { (1, 3), (3, 3), (4, 3), (10, 3) }.Select(p => Halving.Promoted(p.Item1, p.Item2)));
    }
}
