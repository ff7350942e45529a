using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// One mini-batch gradient of digits-adam's network (64-100-10, ReLU/softmax/cross-entropy, batch 200, float32): the
/// pure API, which allocates its gradient and buffers, against the workspace path the engine uses, which should show
/// 0 B allocated under MemoryDiagnoser. Whole engine steps are in <see cref="EngineStepBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const int Rows = 200;
    private Architecture architecture = null!;
    private Parameters<float> parameters = null!;
    private Data.Batch<float> batch = null!;
    private Workspace<float> workspace = null!;
    private float[] theta = [];
    private float[] gradient = [];

    [GlobalSetup]
    public void Setup()
    {
        architecture = Architecture.Mlp([64, 100, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 1e-4)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        parameters = Initializer.Xavier.Initialize<float>(architecture, Rng.Create(1));
        var x = new float[Rows * 64];
        Rng.Create(2).FillUniform<float>(x, 0, 1);
        var y = new float[Rows * 10];
        for (int r = 0; r < Rows; r++) y[r * 10 + r % 10] = 1;
        batch = new Data.Batch<float>(FunctionalNet.Matrix<float>.Create(Rows, 64, x), FunctionalNet.Matrix<float>.Create(Rows, 10, y));
        workspace = new Workspace<float>(architecture, Rows);
        theta = parameters.Flat.ToArray();
        gradient = new float[theta.Length];
    }

    [Benchmark(Baseline = true, Description = "pure CostAndGradient")]
    public float Pure() => Network.CostAndGradient(architecture, parameters, batch).Cost;

    [Benchmark(Description = "workspace forward+backward")]
    public double Workspace() =>
        Backpropagation.Run(workspace, theta, batch.Features.Span, batch.Targets.Span, Rows, gradient);
}
