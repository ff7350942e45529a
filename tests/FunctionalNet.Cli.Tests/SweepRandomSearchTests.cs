using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Sweeps;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet sweep --search random</c>: configuration i is a pure function of (seed, i) — the same whatever --trials is
/// and whichever shard runs it — its draws stay in their distributions, and bad distributions are one-line errors.
/// </summary>
public class SweepRandomSearchTests
{
    private static readonly Option[] Keys =
        [new Option<double?>("--lr"), new Option<string>("--layers"), new Option<string?>("--dropout"), new Option<int>("--epochs"), new Option<ulong>("--seed")];

    private const string Space = "lr=loguniform(1e-4,1e-1),layers=choice(32|64,32),dropout=uniform(0,0.5),epochs=int(50,300)";

    private static SearchSpace Parsed(string text) => SearchSpace.Parse(text, Keys).Match(s => s, e => throw new InvalidOperationException(e.Error.Message));

    [Property(MaxTest = 100)]
    public Property Configuration_i_does_not_depend_on_how_many_are_drawn_and_stays_in_its_distributions() => Prop.ForAll(
        (from seed in ArbMap.Default.GeneratorFor<ulong>() from few in Gen.Choose(1, 20) from more in Gen.Choose(0, 20) select (seed, few, more)).ToArbitrary(),
        c =>
        {
            var space = Parsed(Space);
            var small = space.Configurations(c.seed, c.few);
            var large = space.Configurations(c.seed, c.few + c.more);
            Assert.Equal(small.Select(k => k.ToString()), large.Take(c.few).Select(k => k.ToString()));
            Assert.Equal(Enumerable.Range(0, c.few + c.more), large.Select(k => k.Index));
            foreach (var configuration in large)
            {
                var v = configuration.Values.ToDictionary(p => p.Key, p => p.Value);
                double lr = double.Parse(v["lr"], CultureInfo.InvariantCulture), dropout = double.Parse(v["dropout"], CultureInfo.InvariantCulture);
                int epochs = int.Parse(v["epochs"], CultureInfo.InvariantCulture);
                Assert.InRange(lr, 1e-4, 1e-1);
                Assert.InRange(dropout, 0, 0.5);
                Assert.InRange(epochs, 50, 300);
                Assert.Contains(v["layers"], new[] { "32", "64,32" });
            }
        });

    [Fact]
    public void Draws_cover_their_range_roughly_evenly()
    {
        // 2000 draws of int(1,4) and loguniform(1e-4,1e-0): each integer near a quarter, each decade near a quarter.
        var space = Parsed("epochs=int(1,4),lr=loguniform(1e-4,1)");
        var drawn = space.Configurations(7, 2000).Select(c => (int.Parse(c.Values[0].Value, CultureInfo.InvariantCulture), double.Parse(c.Values[1].Value, CultureInfo.InvariantCulture))).ToArray();
        foreach (int k in new[] { 1, 2, 3, 4 }) Assert.InRange(drawn.Count(d => d.Item1 == k), 420, 580);
        foreach (int decade in new[] { -4, -3, -2, -1 }) Assert.InRange(drawn.Count(d => Math.Floor(Math.Log10(d.Item2)) == decade), 420, 580);
    }

    private static readonly string[] Sweep =
        ["sweep", "--data", "moons", "--samples", "60", "--folds", "2", "--search", "random", "--trials", "5", "--search-seed", "3",
         "--grid", "lr=loguniform(0.05,0.5),layers=choice(3|4,2),epochs=int(2,4)", "--quiet"];

    [Fact]
    public void Shards_draw_the_same_configurations_and_collect_to_the_unsharded_search()
    {
        using var dir = new TempDirectory();
        var whole = Fnet.InProcess([.. Sweep, "--out", dir["all.jsonl"]]);
        Assert.True(whole.ExitCode == 0, whole.Error);
        var files = Enumerable.Range(0, 3).Select(i => dir[$"s{i}.jsonl"]).ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(0, Fnet.InProcess([.. Sweep, "--shard", $"{i}/3", "--parallel", "1", "--out", files[i]]).ExitCode);
        Assert.Equal(SweepResults.Deterministic(dir["all.jsonl"]), files.SelectMany(SweepResults.Deterministic).Order(StringComparer.Ordinal));
        // The whole search is drawn, a panel per key; a shard's part alone is not.
        Assert.Equal(["accuracy by lr", "accuracy by layers", "accuracy by epochs"], System.Xml.Linq.XDocument.Parse(File.ReadAllText(dir["all.svg"])).Descendants()
            .Where(e => e.Name.LocalName == "text" && (string?)e.Attribute("class") == "title").Select(e => e.Value).Skip(1));
        Assert.False(File.Exists(dir["s0.svg"]));
        var collected = Fnet.InProcess(["sweep", "--collect", .. files]);
        Assert.Equal(SweepResults.Table(whole.Out), SweepResults.Table(collected.Out));
        // Ten trials of five drawn configurations, and a rerun draws the same ones, so it has nothing left to do.
        var configs = File.ReadAllLines(dir["all.jsonl"]).Select(l => JsonNode.Parse(l)!["config"]!.ToJsonString()).Distinct().Count();
        Assert.Equal(5, configs);
        Assert.Contains("running  0 trials, ", Fnet.InProcess([.. Sweep, "--out", dir["all.jsonl"]]).Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--search", "random", "--grid", "lr=0.1|0.2" }, "--search random needs --trials N")]
    [InlineData(new[] { "--trials", "3", "--grid", "lr=0.1|0.2" }, "--trials goes with --search random or halving")]
    [InlineData(new[] { "--search", "bayes" }, "--search 'bayes' is not one of grid, random, halving")]
    [InlineData(new[] { "--search", "random", "--trials", "0", "--grid", "lr=0.1" }, "--trials must be at least 1, found 0")]
    [InlineData(new[] { "--search", "random", "--trials", "2147483647", "--grid", "lr=0.1" }, "--trials must be at most 100000, found 2147483647")]
    [InlineData(new[] { "--factor", "2" }, "--factor, --min-epochs and --peers go with --search halving")]
    [InlineData(new[] { "--grid", "lr=uniform(0.1,0.5)" }, "--grid key 'lr' value 'uniform(0.1,0.5)' is a distribution: draw from it with --search random")]
    [InlineData(new[] { "--search", "random", "--trials", "2", "--grid", "lr=loguniform(0,1)" }, "--grid key 'lr': loguniform(0,1) needs 0 < low")]
    [InlineData(new[] { "--search", "random", "--trials", "2", "--grid", "lr=uniform(0.5,0.1)" }, "--grid key 'lr': uniform(0.5,0.1) needs low below high")]
    [InlineData(new[] { "--search", "random", "--trials", "2", "--grid", "lr=uniform(0.1)" }, "--grid key 'lr': 'uniform(0.1)' is not uniform(low,high) with finite ends")]
    [InlineData(new[] { "--search", "random", "--trials", "2", "--grid", "batch-size=uniform(1,8)" }, "--grid key 'batch-size' takes an integer: draw it with int(low,high)")]
    [InlineData(new[] { "--search", "random", "--trials", "2", "--grid", "batch-size=int(8,x)" }, "is not int(low,high) with integer ends")]
    [InlineData(new[] { "--search", "random", "--trials", "2", "--grid", "seed=int(-3,2)" }, "--grid key 'seed': int(-3,2) draws negative values")]
    [InlineData(new[] { "--search", "random", "--trials", "2", "--grid", "lr=choice(0.1|fast)" }, "--grid key 'lr' value 'fast' is not a finite number")]
    [InlineData(new[] { "--search", "random", "--trials", "2" }, "--trials draws from --grid's distributions, which is missing")]
    public void Bad_search_options_are_one_line_errors(string[] args, string fragment)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess(["sweep", "--data", "moons", "--samples", "60", "--epochs", "2", "--out", dir["x.jsonl"], .. args]);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(dir["x.jsonl"]));
    }
}
