using BenchmarkDotNet.Attributes;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// Forward and forward+backward of one ReLU layer (plus a 10-unit softmax head) at the workloads' layer sizes,
/// batch 128, float32, over a reused workspace.
/// </summary>
[MemoryDiagnoser]
public class LayerBenchmarks
{
    private const int Rows = 128;
    private Workspace<float> workspace = null!;
    private float[] theta = [];
    private float[] gradient = [];
    private float[] x = [];
    private float[] y = [];

    [Params("64x100", "784x256", "1024x1024")]
    public string Layer { get; set; } = "64x100";

    [GlobalSetup]
    public void Setup()
    {
        var sizes = Layer.Split('x').Select(int.Parse).ToArray();
        var architecture = Architecture.Mlp([sizes[0], sizes[1], 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        theta = Initializer.Xavier.Initialize<float>(architecture, Rng.Create(1)).Flat.ToArray();
        gradient = new float[theta.Length];
        x = new float[Rows * sizes[0]];
        Rng.Create(2).FillNormal<float>(x, 0, 1);
        y = new float[Rows * 10];
        for (int r = 0; r < Rows; r++) y[r * 10 + r % 10] = 1;
        workspace = new Workspace<float>(architecture, Rows);
    }

    [Benchmark(Description = "forward")]
    public void Forward() => workspace.Pass.Rerun(theta, x, Rows);

    [Benchmark(Description = "forward+backward")]
    public double ForwardBackward() => Backpropagation.Run(workspace, theta, x, y, Rows, gradient, withCost: false);
}
