using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Cli.Training;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet train</c>'s <c>OUT/history.csv</c> (and <c>.jsonl</c>): a line an epoch as it ends, the same numbers in
/// either format, and a resumed run's file continuing the checkpoint's epochs with none missing or doubled.
/// </summary>
public class TrainHistoryTests
{
    private static readonly string[] Common = ["train", "--samples", "80", "--optimizer", "adam", "--batch-size", "16", "--lr", "0.05",
        "--validation-split", "0.25", "--dtype", "float32", "-q"];

    // The lines of a CSV history without its seconds column (wall-clock, so never equal between runs).
    private static string[] Timeless(string path) =>
        [.. File.ReadAllLines(path).Select(l => string.Join(",", l.Split(',')[..5]))];

    [Fact]
    public void A_resumed_run_writes_the_uninterrupted_runs_history_with_every_epoch_once()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess([.. Common, "--epochs", "16", "--out", dir["whole"]]).ExitCode);
        // The first leg writes epochs 1…10 but its checkpoint holds 1…7: the resume drops 8…10 and trains them again.
        Assert.Equal(0, Fnet.InProcess([.. Common, "--epochs", "10", "--checkpoint-every", "7", "--out", dir["leg"]]).ExitCode);
        Assert.Equal(11, File.ReadAllLines(dir["leg/history.csv"]).Length);
        Assert.Equal(0, Fnet.InProcess([.. Common, "--epochs", "16", "--resume", dir["leg"], "--out", dir["leg"]]).ExitCode);
        var whole = Timeless(dir["whole/history.csv"]);
        Assert.Equal("epoch,train_cost,validation_cost,validation_accuracy,learning_rate", whole[0]);
        Assert.Equal(Enumerable.Range(1, 16).Select(e => e.ToString(CultureInfo.InvariantCulture)), whole.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(whole, Timeless(dir["leg/history.csv"]));
        var seconds = File.ReadAllLines(dir["leg/history.csv"]).Skip(1).Select(l => double.Parse(l.Split(',')[5], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(seconds.Order(), seconds);
    }

    [Fact]
    public void A_resume_whose_directory_has_no_history_takes_the_checkpoints_costs_for_its_epochs()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess([.. Common, "--epochs", "9", "--checkpoint-every", "3", "--out", dir["leg"]]).ExitCode);
        var before = Timeless(dir["leg/history.csv"]);
        File.Delete(dir["leg/history.csv"]);
        Assert.Equal(0, Fnet.InProcess([.. Common, "--epochs", "11", "--resume", dir["leg"], "--out", dir["next"]]).ExitCode);
        var after = Timeless(dir["next/history.csv"]);
        Assert.Equal(12, after.Length);
        // Epochs 1…9 from the checkpoint: both costs as the run wrote them, the metric and rate unknown.
        for (int e = 1; e <= 9; e++)
        {
            var cells = after[e].Split(',');
            Assert.Equal(before[e].Split(',')[..3], cells[..3]);
            Assert.Equal(["", ""], cells[3..5]);
        }
        Assert.All(after[10..], l => Assert.DoesNotContain(",,", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Jsonl_holds_the_numbers_csv_holds_and_a_regression_reports_r2()
    {
        using var dir = new TempDirectory();
        string[] run = ["train", "--data", "friedman", "--samples", "60", "--epochs", "5", "--validation-split", "0.25", "-q"];
        Assert.Equal(0, Fnet.InProcess([.. run, "--out", dir["csv"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess([.. run, "--history-format", "jsonl", "--out", dir["jsonl"]]).ExitCode);
        Assert.False(File.Exists(dir["jsonl/history.csv"]));
        var csv = File.ReadAllLines(dir["csv/history.csv"]);
        var columns = csv[0].Split(',');
        Assert.Equal("validation_r2", columns[3]);
        var json = File.ReadAllLines(dir["jsonl/history.jsonl"]).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(csv.Length - 1, json.Length);
        for (int i = 0; i < json.Length; i++)
        {
            var cells = csv[i + 1].Split(',');
            Assert.Equal(columns, json[i].Select(p => p.Key));
            for (int c = 0; c < 5; c++)
                Assert.Equal(double.Parse(cells[c], CultureInfo.InvariantCulture), (double)json[i][columns[c]]!);
            Assert.True((double)json[i]["validation_r2"]! <= 1);
        }
    }

    [Fact]
    public void An_unknown_history_format_is_refused_in_one_line()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "40", "--epochs", "2", "--history-format", "parquet", "--out", dir["m"]);
        Assert.Equal(2, run.ExitCode);
        Fnet.AssertOneLineError(run, "--history-format 'parquet' is not one of csv, jsonl");
        Assert.False(Directory.Exists(dir["m"]));
    }

    private static readonly Architecture Net = Architecture.Mlp([2, 3, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy)
        .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));

    private static TrainingIterate<double> Iterate(int epoch) =>
        new(epoch, epoch, Initializer.Xavier.Initialize<double>(Net, Rng.Create((ulong)epoch)), 1.0 / (epoch + 1), 2.0 / (epoch + 1), 0.01, 0, null, null);

    [Fact]
    public void Each_epochs_line_reaches_the_disk_on_the_flush_timers_tick_while_the_next_epoch_waits()
    {
        // What tail -f sees: while the trace is paused after an epoch, the timer's next tick (every HistoryFlush.Latency)
        // puts that epoch's line on disk. The tick is called here rather than waited for, so no test depends on time.
        using var dir = new TempDirectory();
        var format = new HistoryFormat("csv");
        var log = HistoryLog.Open(format, dir.Path, null, 0, CostHistory.Empty, "accuracy", new Terminal(TextWriter.Null, TextWriter.Null, false, default))!;
        using var trace = log.Watch(Enumerable.Range(0, 6).Select(Iterate), p => p.Flat[0]).GetEnumerator();
        Assert.True(trace.MoveNext());
        Assert.False(File.Exists(dir["history.csv"]));
        for (int epoch = 1; epoch <= 5; epoch++)
        {
            Assert.True(trace.MoveNext());
            log.TimerTick();
            var lines = File.ReadAllLines(dir["history.csv"]);
            Assert.Equal(epoch + 1, lines.Length);
            var row = format.Parse(lines[^1])!;
            Assert.Equal((epoch, 1.0 / (epoch + 1), 2.0 / (epoch + 1), Iterate(epoch).Parameters.Flat[0], 0.01),
                (row.Epoch, row.TrainCost, row.ValidationCost!.Value, row.Metric!.Value, row.LearningRate!.Value));
        }
    }

    [Fact]
    public void A_checkpoints_flush_puts_every_line_written_so_far_on_disk_at_once()
    {
        // Epochs faster than the flush latency share a write; a checkpoint flushes first, so a run killed after it
        // resumes with the lines of every epoch it holds (read here at once, before any timer could have fired).
        using var dir = new TempDirectory();
        var format = new HistoryFormat("csv");
        var log = HistoryLog.Open(format, dir.Path, null, 0, CostHistory.Empty, "accuracy", new Terminal(TextWriter.Null, TextWriter.Null, false, default))!;
        using var trace = log.Watch(Enumerable.Range(0, 40).Select(Iterate), p => p.Flat[0]).GetEnumerator();
        for (int epoch = 0; epoch <= 30; epoch++) Assert.True(trace.MoveNext());
        log.Flush();
        var lines = File.ReadAllLines(dir["history.csv"]);
        Assert.Equal(31, lines.Length);
        Assert.Equal(30, format.Parse(lines[^1])!.Epoch);
    }

    private static readonly Gen<double?> Value = Gen.OneOf(Gen.Constant<double?>(null),
        ArbMap.Default.GeneratorFor<double>().Select(d => (double?)d),
        ArbMap.Default.GeneratorFor<NormalFloat>().Select(d => (double?)d.Get));

    [Property(MaxTest = 300)]
    public Property A_line_reads_back_as_the_row_it_was_written_from() => Prop.ForAll(
        (from epoch in Gen.Choose(1, int.MaxValue)
         from cost in ArbMap.Default.GeneratorFor<NormalFloat>()
         from v in Value
         from m in Value
         from lr in Value
         from s in Value
         from name in Gen.Elements("csv", "jsonl")
         select (new HistoryRow(epoch, cost.Get, v, m, lr, s), new HistoryFormat(name))).ToArbitrary(),
        c =>
        {
            var (row, format) = c;
            var read = format.Parse(format.Line(row, "accuracy"));
            // JSON has no NaN or infinities: they read back as unknown.
            double? Json(double? x) => format.Name == "jsonl" && x is { } d && !double.IsFinite(d) ? null : x;
            var expected = row with { ValidationCost = Json(row.ValidationCost), Metric = Json(row.Metric), LearningRate = Json(row.LearningRate), Seconds = Json(row.Seconds) };
            return Equals(expected, read);
        });
}
