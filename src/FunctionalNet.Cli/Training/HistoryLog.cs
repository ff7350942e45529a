using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using System.Text;
using FunctionalNet.Calculus;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// Writes <c>OUT/history.csv</c> (or <c>.jsonl</c>) as training goes: one line an epoch, on disk within a tenth of a
/// second so <c>tail -f</c> shows it (<see cref="HistoryFlush"/>). The file is first written when the first new epoch ends (a run stopped before that
/// leaves the directory as it was). A resumed run starts it with the checkpoint's epochs — the lines its earlier
/// history holds for them, the checkpoint's own costs where it holds none — so no epoch is missing or doubled.
/// Wall-clock seconds live here, in the shell; a failed write warns once and training goes on. A sweep trial's log
/// (<see cref="ForTrial"/>) keeps its last row for the trial's line, and writes its file only with <c>--histories</c>.
/// </summary>
internal sealed class HistoryLog
{
    /// <summary>The largest earlier history a resume reads back.</summary>
    private const long MaxBytes = 256L << 20;

    private readonly string? path;
    private readonly HistoryFormat format;
    private readonly string metricName;
    private readonly ImmutableArray<HistoryRow> restored;
    private readonly Terminal terminal;
    private readonly bool trial;
    private readonly HistoryLine line = new();
    private HistoryFlush? writer;
    private bool failed;
    private Func<HistoryRow>? final;
    private HistoryRow? written;

    private HistoryLog(string? path, HistoryFormat format, string metricName, ImmutableArray<HistoryRow> restored, Terminal terminal, bool trial = false) =>
        (this.path, this.format, this.metricName, this.restored, this.terminal, this.trial) = (path, format, metricName, restored, terminal, trial);

    /// <summary>The validation metric's name the columns carry (<c>validation_</c> + this).</summary>
    public string MetricName => metricName;

    /// <summary>The last new epoch's row (its seconds included), or null before one has ended.</summary>
    public HistoryRow? Final => written ?? final?.Invoke();

    private static HistoryRow Row<T>(TrainingIterate<T> epoch, double seconds, Func<Parameters<T>, double?> metric) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(epoch.Epoch, epoch.TrainingCost, epoch.ValidationCost, metric(epoch.Parameters), double.IsNaN(epoch.LearningRate) ? null : epoch.LearningRate, seconds);

    /// <summary>
    /// The log of one sweep trial, whose metric is <paramref name="metricName"/>: it writes <paramref name="path"/>
    /// from scratch when given (a rerun of an interrupted trial replaces the file its first attempt left), and keeps
    /// a diverged trial's file, since the trial's line records the divergence.
    /// </summary>
    public static HistoryLog ForTrial(HistoryFormat format, string? path, string metricName, Terminal terminal) =>
        new(path, format, metricName, [], terminal, trial: true);

    /// <summary>
    /// The log of a run writing <paramref name="format"/> into <paramref name="directory"/>, continuing after
    /// <paramref name="startEpoch"/> epochs whose costs are <paramref name="costs"/>; the earlier lines are looked
    /// for in <paramref name="resumedFrom"/> (either format). Null <paramref name="format"/>: no log (a sweep trial has its own, <see cref="ForTrial"/>).
    /// </summary>
    public static HistoryLog? Open(HistoryFormat? format, string directory, string? resumedFrom, int startEpoch, CostHistory costs, string metricName, Terminal terminal)
    {
        if (format is null) return null;
        var earlier = resumedFrom is null ? [] : Earlier(resumedFrom, format);
        // With --history-every N only epochs N, 2N, … were recorded, and the checkpoint's costs are theirs.
        var rows = Enumerable.Range(1, startEpoch / costs.Every).Select(k => (Epoch: k * costs.Every, At: k - 1)).Select(e => earlier.GetValueOrDefault(e.Epoch)
            ?? new HistoryRow(e.Epoch, e.At < costs.Training.Count ? costs.Training[e.At] : double.NaN,
                e.At < costs.Validation.Count ? costs.Validation[e.At] : null, null, null, null));
        return new HistoryLog(Path.Combine(directory, format.FileName), format, metricName, [.. rows], terminal);
    }

    /// <summary>
    /// <paramref name="trace"/> unchanged, writing a line for each new epoch before passing it on (the start, and a
    /// stopped run's repeat of its last epoch, are not new); <paramref name="metric"/> scores an epoch's parameters.
    /// </summary>
    public IEnumerable<TrainingIterate<T>> Watch<T>(IEnumerable<TrainingIterate<T>> trace, Func<Parameters<T>, double?> metric)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var clock = Stopwatch.StartNew();
        double before = restored.LastOrDefault(r => r.Seconds is not null)?.Seconds ?? 0;
        int? last = null;
        bool diverged = false;
        try
        {
            foreach (var it in trace)
            {
                if (last is { } previous && it.Epoch > previous)
                {
                    double seconds = before + clock.Elapsed.TotalSeconds;
                    // Scored when needed: every epoch when written, only the last for a trial's line alone (a closure
                    // then, so a written epoch allocates no delegate).
                    if (path is not null && !failed)
                    {
                        written = Row(it, seconds, metric);
                        final = null;
                        Append(written);
                    }
                    else
                    {
                        var epoch = it;
                        final = () => Row(epoch, seconds, metric);
                        written = null;
                    }
                }
                last = it.Epoch;
                diverged = it.Stop?.Kind == StopKind.Diverged;
                yield return it;
            }
        }
        finally
        {
            writer?.Dispose();
            // A fresh run that diverged saves nothing, so it leaves no history either: --out stays as it was.
            if (diverged && writer is not null && restored.IsEmpty && !trial) File.Delete(path!);
        }
    }

    private void Append(HistoryRow row) => Guarded(() =>
    {
        writer ??= Begin();
        writer.Write(format.Name == "csv" ? line.Csv(row) : format.Line(row, metricName), TimeSpan.FromSeconds(row.Seconds ?? 0));
    });

    /// <summary>
    /// The lines written so far on disk now, not within <see cref="HistoryFlush.Latency"/>: a checkpoint calls this
    /// first, so a run killed after it resumes with the lines of every epoch the checkpoint holds.
    /// </summary>
    public void Flush()
    {
        if (writer is { } open && !failed) Guarded(open.Flush);
    }

    /// <summary>What the flush timer does when it fires (tests call it instead of waiting for the timer).</summary>
    internal void TimerTick() => writer?.Tick();

    private void Guarded(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failed = true;
            terminal.Error.WriteLine($"fnet: warning: {path}: {e.Message}; training goes on without a history");
        }
    }

    // The restored lines are written whole and renamed into place, then the file is reopened for appending.
    private HistoryFlush Begin()
    {
        string path = this.path!;
        var text = new StringBuilder();
        if (format.Header(metricName) is { } header) text.Append(header).Append('\n');
        foreach (var row in restored) text.Append(format.Line(row, metricName)).Append('\n');
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        IO.AtomicWrite.Write(path, new UTF8Encoding(false).GetBytes(text.ToString()));
        // The flushes decide when lines reach the disk; a 64 KiB buffer keeps the writer from a system call every few dozen lines between them.
        return new HistoryFlush(new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1), new UTF8Encoding(false),
            bufferSize: 1 << 16) { NewLine = "\n" });
    }

    // The first readable line of each epoch in the directory's history, this format's file first.
    private static ImmutableDictionary<int, HistoryRow> Earlier(string directory, HistoryFormat format)
    {
        var rows = ImmutableDictionary<int, HistoryRow>.Empty;
        foreach (var f in new[] { format }.Concat(HistoryFormat.Names.Where(n => n != format.Name).Select(n => new HistoryFormat(n))))
        {
            string file = Path.Combine(directory, f.FileName);
            if (!File.Exists(file) || !Files.ReadBytes(file, "training history", MaxBytes).TryRight(out var bytes, out _)) continue;
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
                if (f.Parse(line.TrimEnd('\r')) is { } row && !rows.ContainsKey(row.Epoch)) rows = rows.Add(row.Epoch, row);
            return rows;
        }
        return rows;
    }

    /// <summary>
    /// The validation metric's name and how it scores parameters: accuracy for a classifier, R² for a regression (on
    /// the standardised targets, which R² does not change); no score without a validation part, nor for multi-label.
    /// </summary>
    public static (string Name, Func<Parameters<T>, double?> Score) Metric<T>(Architecture arch, Targets trained, Dataset? validation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var features = validation is null ? null : new Lazy<Matrix<T>>(validation.FeaturesIn<T>);
        return (trained, validation, features) switch
        {
            (ClassTargets, { } v, { } x) => ("accuracy", p => ClassificationMetrics.Accuracy(v.Labels, Network.PredictLabels(arch, p, x.Value))),
            (ClassTargets, _, _) => ("accuracy", _ => null),
            (ValueTargets { IsMultiLabel: false }, { Targets: ValueTargets t }, { } x) =>
                ("r2", p => RegressionMetrics.R2(t.Values, Network.Predict(arch, p, x.Value).Convert<double>())),
            (ValueTargets { IsMultiLabel: false }, _, _) => ("r2", _ => null),
            _ => ("metric", _ => null),
        };
    }
}
