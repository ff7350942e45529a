using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Randomness;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// One mini-batch step of digits-adam's network (64-100-10, ReLU/softmax/cross-entropy, batch 200, float32): the
/// pure API, which allocates its gradient and buffers, against the workspace path a training loop uses, which
/// should show 0 B allocated per step under MemoryDiagnoser.
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
    private float[] m = [];
    private float[] v = [];
    private int t;

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
        batch = new Data.Batch<float>(Tensors.Matrix<float>.Create(Rows, 64, x), Tensors.Matrix<float>.Create(Rows, 10, y));
        workspace = new Workspace<float>(architecture, Rows);
        theta = parameters.Flat.ToArray();
        gradient = new float[theta.Length];
        m = new float[theta.Length];
        v = new float[theta.Length];
    }

    [Benchmark(Baseline = true, Description = "pure CostAndGradient")]
    public float Pure() => Network.CostAndGradient(architecture, parameters, batch).Cost;

    [Benchmark(Description = "workspace forward+backward")]
    public double Workspace() =>
        Backpropagation.Run(workspace, theta, batch.Features.Span, batch.Targets.Span, Rows, gradient);

    [Benchmark(Description = "workspace step + Adam update")]
    public double AdamStep()
    {
        double cost = Backpropagation.Run(workspace, theta, batch.Features.Span, batch.Targets.Span, Rows, gradient);
        AdamUpdate.Apply(theta, gradient, m, v, ++t, 1e-3f, 0.9f, 0.999f, 1e-8f);
        return cost;
    }
}

/// <summary>An in-place Adam update (Kingma and Ba, 2015) over flat buffers, as a training loop applies it.</summary>
internal static class AdamUpdate
{
    public static void Apply(Span<float> theta, ReadOnlySpan<float> g, Span<float> m, Span<float> v, int t, float lr, float b1, float b2, float eps)
    {
        float c1 = 1 - MathF.Pow(b1, t), c2 = 1 - MathF.Pow(b2, t);
        float step = lr * MathF.Sqrt(c2) / c1;
        for (int i = 0; i < theta.Length; i++)
        {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            theta[i] -= step * m[i] / (MathF.Sqrt(v[i]) + eps);
        }
    }
}
