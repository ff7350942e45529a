using System.Text.Json.Nodes;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Cli.Training;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 28 item 6 for sweeps: each trial line carries its last history row (<c>final</c>), and <c>--histories DIR</c>
/// writes each trial's whole history, history.csv's columns, to <c>DIR/trial-INDEX.csv</c> (or <c>.jsonl</c>); a rerun
/// rewrites only the trials it runs, so no epoch appears twice.
/// </summary>
public class SweepHistoriesTests
{
    // 2 configurations × 2 folds of 6 epochs, with a validation part so every column has a value.
    private static readonly string[] Sweep =
        ["sweep", "--data", "moons", "--samples", "80", "--epochs", "6", "--folds", "2", "--validation-split", "0.25", "--optimizer", "adam",
         "--grid", "lr=0.01|0.1", "--quiet"];

    private static readonly string[] Columns = ["epoch", "train_cost", "validation_cost", "validation_accuracy", "learning_rate"];

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    public void Each_trials_file_holds_every_epoch_and_ends_in_its_lines_final_row(string format)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess([.. Sweep, "--out", dir["s.jsonl"], "--histories", dir["h"], "--history-format", format]);
        Assert.True(run.ExitCode == 0, run.Error);
        var reader = new HistoryFormat(format);
        foreach (var line in File.ReadAllLines(dir["s.jsonl"]).Select(l => JsonNode.Parse(l)!))
        {
            int trial = (int)line["trial"]!;
            var text = File.ReadAllLines(dir[$"h/trial-{trial}.{format}"]);
            if (format == "csv") Assert.Equal("epoch,train_cost,validation_cost,validation_accuracy,learning_rate,seconds", text[0]);
            var rows = text.Select(reader.Parse).OfType<HistoryRow>().ToArray();
            Assert.Equal(Enumerable.Range(1, (int)line["epochs"]!), rows.Select(r => r.Epoch));
            var final = line["final"]!.AsObject();
            Assert.Equal(Columns, final.Select(p => p.Key));
            var last = rows[^1];
            Assert.Equal(new double?[] { last.Epoch, last.TrainCost, last.ValidationCost, last.Metric, last.LearningRate },
                Columns.Select(c => (double?)final[c]));
            Assert.All(rows, r => Assert.InRange(r.Metric!.Value, 0, 1));
        }
        Assert.Equal(4, Directory.GetFiles(dir["h"]).Length);
    }

    [Fact]
    public void The_lines_are_the_same_with_or_without_histories_and_a_rerun_rewrites_only_the_trial_it_runs()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess([.. Sweep, "--out", dir["plain.jsonl"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess([.. Sweep, "--out", dir["s.jsonl"], "--histories", dir["h"]]).ExitCode);
        Assert.Equal(SweepResults.Deterministic(dir["plain.jsonl"]), SweepResults.Deterministic(dir["s.jsonl"]));
        var before = Enumerable.Range(0, 4).Select(t => File.ReadAllBytes(dir[$"h/trial-{t}.csv"])).ToArray();
        // As a run stopped inside trial 2 leaves it: no line, and part of a history (here with a stray epoch after it).
        var lines = File.ReadAllLines(dir["s.jsonl"]);
        File.WriteAllLines(dir["s.jsonl"], lines.Where(l => (int)JsonNode.Parse(l)!["trial"]! != 2));
        File.AppendAllText(dir["h/trial-2.csv"], "1,0.5,0.5,0.5,0.01,9\n");
        var rerun = Fnet.InProcess([.. Sweep, "--out", dir["s.jsonl"], "--histories", dir["h"]]);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Contains("running  1 trials", rerun.Out, StringComparison.Ordinal);
        Assert.Equal(SweepResults.Deterministic(dir["plain.jsonl"]), SweepResults.Deterministic(dir["s.jsonl"]));
        foreach (int t in new[] { 0, 1, 3 }) Assert.Equal(before[t], File.ReadAllBytes(dir[$"h/trial-{t}.csv"]));
        static string[] Timeless(byte[] text) =>
            [.. System.Text.Encoding.UTF8.GetString(text).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(",", l.Split(',')[..5]))];
        Assert.Equal(Timeless(before[2]), Timeless(File.ReadAllBytes(dir["h/trial-2.csv"])));
        Assert.Equal(7, Timeless(File.ReadAllBytes(dir["h/trial-2.csv"])).Length);
    }

    [Fact]
    public void A_model_directory_is_refused_as_the_histories_directory_and_left_as_it_was()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "40", "--epochs", "2", "-q", "--out", dir["m"]).ExitCode);
        var files = Directory.GetFiles(dir["m"]).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        var run = Fnet.InProcess([.. Sweep, "--out", dir["s.jsonl"], "--histories", dir["m"]]);
        Fnet.AssertOneLineError(run, $"--histories {dir["m"]} holds a model (model.json): give the trials' histories a directory of their own");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(files, Directory.GetFiles(dir["m"]).Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
    }
}
