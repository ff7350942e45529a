using System.Diagnostics;
using FunctionalNet.Tensors;

namespace FunctionalNet.Bench;

/// <summary>
/// Runs the WORKLOADS.md workloads (and the realistic-size ones of issue 29) and writes one JSON line per workload (the peers' schema), the entry point of
/// <c>fnet bench</c>. Each workload first runs on its tiny warm-up budget, discarded, as the numpy and torch peers do
/// (repeated for half a second so the JIT has promoted the hot code).
/// </summary>
public static class WorkloadRunner
{
    private sealed record Spec(string Id, int Full, int Quick, int Warm, Func<BenchContext, int, IEnumerable<BenchRecord>> Run, bool InAll = true)
    {
        public Spec(string id, int full, int quick, int warm, Func<BenchContext, int, BenchRecord> run, bool inAll = true) : this(id, full, quick, warm, (c, n) => [run(c, n)], inAll) { }
    }

    // Budgets as the peers count them (shared/peers/common.py FULL, QUICK, WARM).
    private static readonly Spec[] Specs =
    [
        new("moons-gd", 5000, 500, 5, Workloads.MoonsGd),
        new("digits-sgd", 30000, 3000, 50, Workloads.DigitsSgd),
        new("digits-tnc", 200, 20, 3, MinimizerWorkloads.DigitsTnc),
        new("digits-lbfgs", 200, 20, 3, MinimizerWorkloads.DigitsLbfgs),
        new("digits-adam", 200, 20, 1, Workloads.DigitsAdam),
        new("wide-adam", 60000, 6000, 640, Workloads.WideAdam),
        new("gemm-mlp", 20, 2, 1, Workloads.GemmMlp),
        // Calls per model, not a training budget; it writes several records (see ScoringWorkloads).
        new("predict-row", 200_000, 20_000, 200, ScoringWorkloads.PredictRow),
        // Realistic sizes (issue 29), budgets in rows; run only when named: one reads a 112 MB CSV, both take seconds.
        new("mnist-epochs", RealisticWorkloads.MnistRows, 6000, 640, RealisticWorkloads.MnistEpochs, inAll: false),
        new("tabular-large", 1_000_000, 100_000, 2560, RealisticWorkloads.TabularLarge, inAll: false),
    ];

    /// <summary>Every workload id this runner implements, in WORKLOADS.md order.</summary>
    public static IReadOnlyList<string> Ids { get; } = Specs.Select(s => s.Id).ToArray();

    /// <summary>The ids "all" stands for: every workload but the realistic-size ones, which run only when named.</summary>
    public static IReadOnlyList<string> AllIds { get; } = Specs.Where(s => s.InAll).Select(s => s.Id).ToArray();

    /// <summary>
    /// Runs <paramref name="options"/>' workloads in order, writing each record to <paramref name="output"/> as one
    /// JSON line as soon as it is done and any failure (one line naming the workload) to <paramref name="errors"/>.
    /// </summary>
    /// <returns>0 when every workload ran, 1 when any failed, 2 when an id is unknown (nothing runs then).</returns>
    public static int Run(BenchOptions options, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        int failed = 0;
        var unknown = Unknown(options);
        if (unknown.Count > 0)
        {
            ArgumentNullException.ThrowIfNull(errors);
            errors.WriteLine($"bench: unknown workload(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Ids)}");
            return 2;
        }
        foreach (var record in Records(options, errors, () => failed++))
        {
            output.WriteLine(record.ToJson());
            output.Flush();
        }
        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// The records of <paramref name="options"/>' workloads, lazily, one per workload as it finishes (for a caller
    /// that renders its own table). A failing workload is reported on <paramref name="errors"/>, counted through
    /// <paramref name="onFailure"/>, and skipped.
    /// </summary>
    /// <exception cref="ArgumentException">An id is not one of <see cref="Ids"/>.</exception>
    public static IEnumerable<BenchRecord> Records(BenchOptions options, TextWriter errors, Action? onFailure = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var unknown = Unknown(options);
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown workload(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Ids)}", nameof(options));
        return Iterate(options, errors, onFailure);
    }

    private static IEnumerable<BenchRecord> Iterate(BenchOptions options, TextWriter errors, Action? onFailure)
    {
        var context = new BenchContext(options);
        foreach (var spec in options.Workloads.Select(w => Specs.First(s => s.Id == w)))
        {
            List<BenchRecord> records = [];
            try
            {
                WarmUp(spec, context);
                var cpu = ProcessCpu();
                records = [.. spec.Run(context, options.Quick ? spec.Quick : spec.Full)];
                // A workload of one record is timed whole: its CPU is the run's, with its final cost and accuracy passes (under 1 %).
                if (records.Count == 1) records[0] = records[0] with { CpuSeconds = (ProcessCpu() - cpu).TotalSeconds };
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or ArgumentException
                                       or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or DllNotFoundException)
            {
                onFailure?.Invoke();
                errors.WriteLine($"bench: {spec.Id} failed: {e.GetType().Name}: {e.Message}");
            }
            foreach (var record in records) yield return record;
        }
    }

    // Tiered JIT promotes hot methods only after ~30 calls and a 100 ms delay; repeating the tiny warm-up budget for
    // a fixed wall time lets the timed run start in optimised code even with tiering on.
    private static void WarmUp(Spec spec, BenchContext context)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < 1000 && (i < 2 || Stopwatch.GetElapsedTime(start).TotalSeconds < WarmUpSeconds); i++)
            _ = spec.Run(context, spec.Warm).Count();
    }

    private const double WarmUpSeconds = 0.5;

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static List<string> Unknown(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Workloads.Where(w => !Ids.Contains(w)).ToList();
    }
}
