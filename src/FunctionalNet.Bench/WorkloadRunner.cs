using FunctionalNet.Tensors;

namespace FunctionalNet.Bench;

/// <summary>
/// Runs the WORKLOADS.md workloads and writes one JSON line per workload (the peers' schema), the entry point of
/// <c>fnet bench</c>. Each workload first runs once on a tiny budget, discarded, as the numpy and torch peers do.
/// </summary>
public static class WorkloadRunner
{
    private sealed record Spec(string Id, int Full, int Quick, int Warm, Func<BenchContext, int, BenchRecord> Run);

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
    ];

    /// <summary>Every workload id this runner implements, in WORKLOADS.md order.</summary>
    public static IReadOnlyList<string> Ids { get; } = Specs.Select(s => s.Id).ToArray();

    /// <summary>
    /// Runs <paramref name="options"/>' workloads in order, writing each record to <paramref name="output"/> as soon
    /// as it is done and any failure (one line naming the workload) to <paramref name="errors"/>.
    /// </summary>
    /// <returns>0 when every workload ran, 1 when any failed, 2 when an id is unknown (nothing runs then).</returns>
    public static int Run(BenchOptions options, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var unknown = options.Workloads.Where(w => !Ids.Contains(w)).ToList();
        if (unknown.Count > 0)
        {
            errors.WriteLine($"bench: unknown workload(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Ids)}");
            return 2;
        }

        int saved = ComputeThreads.Limit;
        ComputeThreads.Limit = Math.Max(1, options.Threads);
        try
        {
            var context = new BenchContext(options);
            int failed = 0;
            foreach (var spec in options.Workloads.Select(w => Specs.First(s => s.Id == w)))
            {
                try
                {
                    spec.Run(context, spec.Warm);
                    output.WriteLine(spec.Run(context, options.Quick ? spec.Quick : spec.Full).ToJson());
                    output.Flush();
                }
                catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or ArgumentException)
                {
                    failed++;
                    errors.WriteLine($"bench: {spec.Id} failed: {e.GetType().Name}: {e.Message}");
                }
            }
            return failed == 0 ? 0 : 1;
        }
        finally
        {
            ComputeThreads.Limit = saved;
        }
    }
}
