using System.Diagnostics;
using System.Numerics;
using FunctionalNet.Tensors;

namespace FunctionalNet.Bench;

/// <summary>
/// The <c>predict-row</c> workload: scoring a fitted classifier inside an app, the library's span methods beside ONNX
/// Runtime running the exported model in the same process. Single rows (one thread, as a request handler scores) for
/// the iris-sized and digits-sized models, then batches of 10,000 digits rows on the run's threads, each in float32
/// and float64. Both implementations score the same rows the same number of times; <c>train_accuracy</c> is the share
/// of calls whose class equals the library's matrix <c>PredictIndices</c>, so a wrong answer shows.
/// </summary>
internal static class ScoringWorkloads
{
    /// <summary>Rows cycled through by the single-row calls.</summary>
    private const int RowSet = 1000;

    /// <summary>Rows per batch call.</summary>
    public const int BatchRows = 10_000;

    private static readonly string[] Dtypes = ["float32", "float64"];

    /// <summary>Records for <paramref name="calls"/> single-row calls per model and dtype, and calls ÷ 2,000 batches.</summary>
    public static IEnumerable<BenchRecord> PredictRow(BenchContext context, int calls)
    {
        foreach (string name in ScoringModel.Names)
            foreach (string dtype in Dtypes)
            {
                var model = ScoringModel.Create(name, dtype, RowSet);
                foreach (var record in dtype == "float32" ? Rows<float>(context, model, calls, 1) : Rows<double>(context, model, calls, 1))
                    yield return record;
            }
        int batches = Math.Max(1, calls / 2000);
        foreach (string dtype in Dtypes)
        {
            var model = ScoringModel.Create("digits", dtype, BatchRows);
            foreach (var record in dtype == "float32" ? Rows<float>(context, model, batches, BatchRows) : Rows<double>(context, model, batches, BatchRows))
                yield return record;
        }
    }

    // One record per implementation: `calls` calls of `perCall` rows each, cycling through the model's rows.
    private static BenchRecord[] Rows<T>(BenchContext context, ScoringModel model, int calls, int perCall) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = model.RowsAs<T>();
        var classifier = model.Classifier;
        int inputs = classifier.Inputs, k = classifier.Classes.Length, threads = perCall == 1 ? 1 : context.Parallelism.MaxThreads;
        var expected = classifier.PredictIndices(Matrix<double>.Create(model.Count, inputs, [.. rows.Select(double.CreateTruncating)]));
        int slots = model.Count / perCall;
        string workload = perCall == 1 ? $"predict-row/{model.Name}" : $"predict-row/{model.Name}-batch";
        string note = $"{model.Shape}, {perCall} row(s) per call, {threads} thread(s); train_accuracy = agreement with the library's PredictIndices";

        var probabilities = new double[perCall * k];
        var parallelism = new Parallelism(threads);
        int agree = 0;
        var (seconds, bytes) = Measure(calls, call =>
        {
            int slot = call % slots;
            var span = rows.AsSpan(slot * perCall * inputs, perCall * inputs);
            if (perCall == 1)
            {
                int label = classifier.PredictProba<T>(span, probabilities).Match(l => l, e => throw new InvalidOperationException(e.Message));
                if (label == expected[slot]) agree++;
            }
            else if (classifier.PredictProba<T>(span, probabilities, parallelism).IsLeft)
            {
                throw new InvalidOperationException("the batch was refused");
            }
        });
        // A batch is the model's whole row set, so the last call's answers are checked once, outside the clock.
        if (perCall > 1) agree = Enumerable.Range(0, perCall).Count(r => Calculus.Network.Label<double>(probabilities.AsSpan(r * k, k)) == expected[r]);
        var ours = Record(context, workload, model, BenchRecord.Implementation, seconds, calls, perCall, bytes, Share(agree, calls, perCall), threads, note);

        using var onnx = new OnnxScorer<T>(model.Onnx(), perCall, inputs, k, threads);
        int onnxAgree = 0;
        (seconds, bytes) = Measure(calls, call =>
        {
            int slot = call % slots;
            onnx.Score(rows.AsSpan(slot * perCall * inputs, perCall * inputs));
            if (perCall == 1 && onnx.Labels[0] == expected[slot]) onnxAgree++;
        });
        if (perCall > 1) onnxAgree = onnx.Labels.Where((l, i) => l == expected[i]).Count();
        return [ours, Record(context, workload, model, "onnxruntime", seconds, calls, perCall, bytes, Share(onnxAgree, calls, perCall), threads, note)];
    }

    // Single rows are checked on every call, warm-up included; a batch once.
    private static double Share(int agree, int calls, int perCall) => perCall == 1 ? (double)agree / (calls + Warm(calls)) : (double)agree / perCall;

    private static int Warm(int calls) => Math.Max(1, calls / 10);

    // Seconds and managed bytes per call over `calls` calls, after a tenth as many (at least one) untimed ones.
    private static (double Seconds, double BytesPerCall) Measure(int calls, Action<int> call)
    {
        for (int i = 0; i < Warm(calls); i++) call(i);
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++) call(i);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (seconds, (double)(GC.GetAllocatedBytesForCurrentThread() - bytes) / calls);
    }

    private static BenchRecord Record(BenchContext context, string workload, ScoringModel model, string impl, double seconds, long calls, int perCall,
        double bytes, double agreement, int threads, string note) =>
        new(workload, model.Classifier.Weights.Dtype, threads, seconds, calls, (double)calls * perCall, double.NaN, agreement, null, null,
            context.Options.Quick, note, "synthetic", impl, new ScoringTimes(perCall, Math.Round(bytes, 1)));
}
