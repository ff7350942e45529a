using BenchmarkDotNet.Attributes;
using FunctionalNet.Bench;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// Scoring one row of the iris-sized and digits-sized classifiers: the library's allocation-free span method beside
/// ONNX Runtime running the exported model with reused tensors (what <c>fnet bench --workload predict-row</c> times).
/// </summary>
[MemoryDiagnoser]
public sealed class ScoringBenchmarks : IDisposable
{
    private ScoringModel model = null!;
    private float[] rows32 = [];
    private double[] rows64 = [];
    private double[] probabilities = [];
    private OnnxScorer<float>? onnx32;
    private OnnxScorer<double>? onnx64;
    private int next;

    [Params("iris", "digits")]
    public string Model { get; set; } = "iris";

    [Params("float32", "float64")]
    public string Dtype { get; set; } = "float32";

    [GlobalSetup]
    public void Setup()
    {
        model = ScoringModel.Create(Model, Dtype, 1000);
        rows32 = model.RowsAs<float>();
        rows64 = model.RowsAs<double>();
        probabilities = new double[model.Classifier.Classes.Length];
        int inputs = model.Classifier.Inputs, k = probabilities.Length;
        if (Dtype == "float32") onnx32 = new OnnxScorer<float>(model.Onnx(), 1, inputs, k, 1);
        else onnx64 = new OnnxScorer<double>(model.Onnx(), 1, inputs, k, 1);
    }

    /// <summary>Ends the ONNX Runtime sessions (BenchmarkDotNet's cleanup, and <see cref="IDisposable"/> for the analyzers).</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        onnx32?.Dispose();
        onnx64?.Dispose();
    }

    // The next of the 1,000 rows, so neither side scores one row from a warm cache line over and over.
    private int Row() => next = (next + 1) % model.Count;

    [Benchmark(Baseline = true, Description = "functionalnet PredictProba(span)")]
    public int Library()
    {
        int inputs = model.Classifier.Inputs, r = Row();
        var result = Dtype == "float32"
            ? model.Classifier.PredictProba<float>(rows32.AsSpan(r * inputs, inputs), probabilities)
            : model.Classifier.PredictProba<double>(rows64.AsSpan(r * inputs, inputs), probabilities);
        return result.IfLeft(-1);
    }

    [Benchmark(Description = "onnxruntime Run (reused tensors)")]
    public long OnnxRuntime()
    {
        int inputs = model.Classifier.Inputs, r = Row();
        if (onnx32 is not null)
        {
            onnx32.Score(rows32.AsSpan(r * inputs, inputs));
            return onnx32.Labels[0];
        }
        onnx64!.Score(rows64.AsSpan(r * inputs, inputs));
        return onnx64.Labels[0];
    }
}
