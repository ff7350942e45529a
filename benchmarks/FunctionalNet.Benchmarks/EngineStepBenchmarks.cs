using System.Numerics;
using BenchmarkDotNet.Attributes;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Training;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// The public engine, Train.Fit, enumerated to its end for K and for 2K steps on digits-adam's 64-100-10
/// ReLU/softmax network: (allocated(2K) − allocated(K)) / K is what one more step allocates, the run's fixed costs
/// (workspace, buffers, first and last iterates) cancelling out. Mini-batch Adam and per-sample SGD take all their
/// steps in one epoch; gradient descent takes one step per epoch, so its difference includes an epoch's snapshot.
/// </summary>
[MemoryDiagnoser]
public class EngineStepBenchmarks
{
    /// <summary>The three ways an epoch feeds the engine.</summary>
    public enum Loop
    {
        /// <summary>Sgd, Batching.Full on 200 rows: K epochs of one step.</summary>
        Gd,

        /// <summary>Adam, Batching.Shuffled(200) on 200·K rows: one epoch of K steps.</summary>
        MiniBatchAdam,

        /// <summary>Sgd, Batching.WithReplacement(K) on 1,000 rows: one epoch of K steps.</summary>
        PerSampleSgd,
    }

    private Func<int> run = null!;

    [Params(Loop.Gd, Loop.MiniBatchAdam, Loop.PerSampleSgd)]
    public Loop Route { get; set; }

    [Params("float32", "float64")]
    public string Precision { get; set; } = "float32";

    [Params(50, 100)]
    public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        run = Precision == "float32" ? Build<float>() : Build<double>();
        // A benchmark that took another number of steps would measure something else: check once, outside the timing.
        if (run() != Steps) throw new InvalidOperationException($"{Route} {Precision}: expected {Steps} steps");
    }

    [Benchmark(Description = "Train.Fit enumerated to the end")]
    public int Enumerate() => run();

    private Func<int> Build<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = Architecture.Mlp([64, 100, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 1e-4)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        int rows = Route switch { Loop.Gd => 200, Loop.MiniBatchAdam => 200 * Steps, _ => 1000 };
        var x = new T[rows * 64];
        Rng.Create(2).FillUniform<T>(x, 0, 1);
        var y = new T[rows * 10];
        for (int r = 0; r < rows; r++) y[r * 10 + r % 10] = T.One;
        var data = new Batch<T>(Matrix<T>.Create(rows, 64, x), Matrix<T>.Create(rows, 10, y));
        var start = Initializer.Xavier.Initialize<T>(architecture, Rng.Create(1));
        var (rule, batching, epochs) = Route switch
        {
            Loop.Gd => (Rules.Sgd(0.1), Batching.Full, Steps),
            Loop.MiniBatchAdam => (Rules.Adam(1e-3), Batching.Shuffled(200), 1),
            _ => (Rules.Sgd(0.01), Batching.WithReplacement(Steps), 1),
        };
        var options = TrainingOptions.Create(epochs, batching, Rng.Create(3), epochCost: EpochCost.None)
            .Match(o => o, e => throw new InvalidOperationException(string.Join("; ", e)));
        var trace = Train.Fit(architecture, data, rule.Match(r => r, e => throw new InvalidOperationException(string.Join("; ", e))), start, options)
            .Match(t => t, e => throw new InvalidOperationException(string.Join("; ", e)));
        return () =>
        {
            int steps = 0;
            foreach (var it in trace) steps = it.Step;
            return steps;
        };
    }
}
