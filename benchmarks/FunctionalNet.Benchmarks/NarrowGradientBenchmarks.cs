using BenchmarkDotNet.Attributes;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// One full-batch gradient of moons-gd's shape widened to 2-W-W-2 (sigmoid, binary cross-entropy, 1000 rows, float64):
/// the layer-by-layer backpropagation the engine used before against the fused narrow-network kernel
/// (<see cref="NarrowGradient{T}"/>) with the batch laid out once, as full-batch training runs it. W = 5 is moons-gd
/// itself; 16 and 32 check the width bound of <see cref="NarrowNetwork.MaxWidth"/>.
/// </summary>
public class NarrowGradientBenchmarks
{
    private const int Rows = 1000;
    private Workspace<double> workspace = null!;
    private NarrowGradient<double> narrow = null!;
    private Batch<double> batch = null!;
    private double[] theta = [];
    private double[] gradient = [];

    /// <summary>The two hidden layers' width.</summary>
    [Params(5, 16, 32)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var architecture = Architecture.Mlp([2, Width, Width, 2], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        theta = Initializer.UniformEpsilon.Initialize<double>(architecture, Rng.Create(0)).Flat.ToArray();
        var x = new double[Rows * 2];
        Rng.Create(1).FillNormal<double>(x, 0, 1);
        var y = new double[Rows * 2];
        for (int r = 0; r < Rows; r++) y[r * 2 + r % 2] = 1;
        batch = new Batch<double>(Matrix<double>.Create(Rows, 2, x), Matrix<double>.Create(Rows, 2, y));
        workspace = new Workspace<double>(architecture, Rows);
        narrow = new NarrowGradient<double>(architecture);
        gradient = new double[theta.Length];
    }

    [Benchmark(Baseline = true, Description = "layer by layer")]
    public double Layered() => Backpropagation.Run(workspace, theta, batch.Features.Span, batch.Targets.Span, Rows, gradient, withCost: false);

    [Benchmark(Description = "fused")]
    public double Fused() => narrow.Run(theta, batch, gradient, withCost: false);
}
