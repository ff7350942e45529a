using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FunctionalNet.Cli.Sweeps;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 31 item 2, issue 28 item 1: sweeps over regression data (friedman, a CSV with --task regression, two
/// targets) rank by R² by default; --scoring picks any metric of the task, by scikit-learn name or alias, and refuses the
/// other task's; folds are stratified for classes and plain k-fold for a regression.
/// </summary>
public class SweepScoringTests
{
    [Theory]
    [InlineData(null, "r2")]
    [InlineData("neg_mse", "neg_mean_squared_error")]
    [InlineData("neg_mae", "neg_mean_absolute_error")]
    [InlineData("neg_mean_absolute_error", "neg_mean_absolute_error")]
    public void A_friedman_sweep_ranks_by_the_regression_score_best_first(string? scoring, string shown)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess(["sweep", "--data", "friedman", "--samples", "80", "--epochs", "20", "--optimizer", "adam", "--folds", "2",
            "--grid", "lr=0.001|0.01|0.05", "--quiet", "--out", dir["f.jsonl"], .. scoring is null ? Array.Empty<string>() : ["--scoring", scoring]]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"held-out {shown} by configuration", run.Out, StringComparison.Ordinal);
        AssertRankedBest(run.Out, dir["f.jsonl"], shown);
        Assert.All(File.ReadAllLines(dir["f.jsonl"]), l => Assert.NotNull(JsonNode.Parse(l)!["metrics"]!["validation_r2"]));
    }

    [Fact]
    public void A_csv_with_two_targets_sweeps_as_a_regression()
    {
        using var dir = new TempDirectory();
        var rng = new Random(7);
        var csv = new StringBuilder("a,b,up,down\n");
        for (int i = 0; i < 40; i++)
        {
            double a = rng.NextDouble(), b = rng.NextDouble();
            csv.Append(CultureInfo.InvariantCulture, $"{a},{b},{a + 2 * b + 0.3},{a - b}\n");
        }
        File.WriteAllText(dir["two.csv"], csv.ToString());
        var run = Fnet.InProcess("sweep", "--data", dir["two.csv"], "--task", "regression", "--label", "up,down", "--epochs", "10", "--folds", "4",
            "--grid", "lr=0.01|0.1", "--optimizer", "adam", "--quiet", "--out", dir["t.jsonl"]);
        Assert.True(run.ExitCode == 0, run.Error);
        AssertRankedBest(run.Out, dir["t.jsonl"], "r2");
        Assert.Equal(8, File.ReadAllLines(dir["t.jsonl"]).Length);
    }

    [Theory]
    [InlineData("log_loss", "neg_log_loss")]
    [InlineData("balanced_accuracy", "balanced_accuracy")]
    [InlineData("f1_macro", "f1_macro")]
    public void A_classification_sweep_ranks_by_the_chosen_metric(string scoring, string shown)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("sweep", "--data", "moons", "--samples", "60", "--epochs", "10", "--folds", "2", "--grid", "lr=0.05|0.5|2",
            "--scoring", scoring, "--quiet", "--out", dir["m.jsonl"]);
        Assert.True(run.ExitCode == 0, run.Error);
        AssertRankedBest(run.Out, dir["m.jsonl"], shown);
        // The same lines collected and ranked by another metric.
        var collected = Fnet.InProcess("sweep", "--collect", dir["m.jsonl"], "--scoring", "accuracy");
        Assert.True(collected.ExitCode == 0, collected.Error);
        AssertRankedBest(collected.Out, dir["m.jsonl"], "accuracy");
    }

    [Theory]
    [InlineData("friedman", "accuracy", "--scoring accuracy scores classes, but this sweep is a regression; use one of r2, neg_mean_squared_error, neg_mean_absolute_error")]
    [InlineData("friedman", "log_loss", "--scoring log_loss scores classes, but this sweep is a regression")]
    [InlineData("moons", "r2", "--scoring r2 scores a regression, but this sweep classifies; use one of accuracy, balanced_accuracy, f1_macro, neg_log_loss")]
    [InlineData("moons", "roc", "--scoring 'roc' is not one of accuracy, balanced_accuracy, f1_macro, neg_log_loss, r2, neg_mean_squared_error, neg_mean_absolute_error")]
    public void A_metric_of_the_other_task_is_refused_in_one_line(string data, string scoring, string message)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("sweep", "--data", data, "--samples", "40", "--epochs", "2", "--folds", "2", "--scoring", scoring, "--out", dir["x.jsonl"]);
        Fnet.AssertOneLineError(run, message);
        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(dir["x.jsonl"]));
    }

    [Theory]
    [InlineData("friedman", false)]
    [InlineData("moons", true)]
    public void Folds_are_plain_for_a_regression_and_stratified_for_classes(string data, bool stratified)
    {
        Assert.True(SweepPlan.Resolve(Grid.Empty, ["--data", data, "--samples", "50", "--seed", "3"], 4).TryRight(out var plan, out var problem), problem?.Error.Message);
        var d = plan.Configurations[0].Data;
        var rng = Rng.Create(3).Fork(SweepPlan.FoldFork);
        var expected = stratified ? CrossValidation.StratifiedKFold(d.Labels, 4, rng) : CrossValidation.KFold(d.Count, 4, rng);
        Assert.Equal(expected.Select(f => f.Test.ToArray()), plan.Configurations[0].Folds.Select(f => f.Test.ToArray()));
        Assert.Equal(!stratified, plan.Regression);
    }

    // The table's configurations in order equal the lines' configurations ordered by their mean score, best first.
    private static void AssertRankedBest(string output, string results, string scoring)
    {
        var score = Scoring.All.Single(s => s.Name == scoring);
        var lines = File.ReadAllLines(results).Select(l => TrialRecord.Parse(l).Match(r => r, e => throw new InvalidOperationException(e))).ToArray();
        var expected = lines.GroupBy(r => new Configuration(r.Configuration, r.Config).ToString())
            .Select(g => (Name: g.Key, Mean: g.OrderBy(r => r.Trial).Select(score.Of).Sum() / g.Count()))
            .OrderBy(c => -c.Mean).Select(c => c.Name).ToArray();
        var shown = output.Split('\n').Where(l => l.StartsWith('│') && l.Contains("lr=", StringComparison.Ordinal))
            .Select(l => l.Split('│', StringSplitOptions.TrimEntries)[2]).ToArray();
        Assert.Equal(expected, shown);
        Assert.Contains($"held-out {scoring} by configuration", output, StringComparison.Ordinal);
    }
}
