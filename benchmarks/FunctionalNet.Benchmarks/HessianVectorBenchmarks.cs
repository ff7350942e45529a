using BenchmarkDotNet.Attributes;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// One Hessian-vector product of digits-tnc's objective (64-25-10 sigmoid, per-output BCE, λ = 1, the 1,347 bundled
/// training digits, float64): the pure function, which allocates its buffers, against a minimizer run's session, which
/// should show 0 B allocated per product under MemoryDiagnoser, with the forward pass recomputed (a product at a new
/// point) or reused (truncated Newton's inner CG, always at the point whose gradient was just taken).
/// </summary>
[MemoryDiagnoser]
public class HessianVectorBenchmarks
{
    private Objective objective = null!;
    private Objective session = null!;
    private Objective samePoint = null!;
    private double[] theta = [];
    private double[] nearby = [];
    private double[] direction = [];
    private double[] gradient = [];
    private double[] product = [];
    private bool flip;

    [GlobalSetup]
    public void Setup()
    {
        var architecture = Architecture.Mlp([64, 25, 10], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 1)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        var data = BundledDigits.Train;
        var x = new double[data.Features.Span.Length];
        for (int i = 0; i < x.Length; i++) x[i] = data.Features.Span[i] / 16.0;
        var y = new double[data.Labels.Length * 10];
        for (int r = 0; r < data.Labels.Length; r++) y[r * 10 + data.Labels[r]] = 1;
        var batch = new Batch<double>(Matrix<double>.Create(data.Features.Rows, 64, x), Matrix<double>.Create(data.Labels.Length, 10, y));
        objective = Objective.ForNetwork(architecture, batch);
        session = objective.Open();
        theta = Initializer.Uniform(0.12).Initialize<double>(architecture, Rng.Create(0)).Flat.ToArray();
        nearby = theta.Select(t => t * 1.001).ToArray();
        direction = new double[theta.Length];
        Rng.Create(1).FillNormal<double>(direction, 0, 1);
        gradient = new double[theta.Length];
        product = new double[theta.Length];
        // Its own session, left at θ by a gradient: every product below then finds the pass current.
        samePoint = objective.Open();
        samePoint.CostAndGradient(theta, gradient);
    }

    [Benchmark(Baseline = true, Description = "pure Hv (fresh buffers)")]
    public double Pure()
    {
        objective.HessianVector!(theta, direction, product);
        return product[0];
    }

    [Benchmark(Description = "session Hv, new point (forward recomputed)")]
    public double SessionNewPoint()
    {
        // Alternating between two points defeats the cached pass, as a product at a fresh point would.
        flip = !flip;
        session.HessianVector!(flip ? theta : nearby, direction, product);
        return product[0];
    }

    [Benchmark(Description = "session Hv, same point (forward reused)")]
    public double SessionSamePoint()
    {
        samePoint.HessianVector!(theta, direction, product);
        return product[0];
    }

    [Benchmark(Description = "session gradient")]
    public double SessionGradient() => session.CostAndGradient(theta, gradient);
}
