using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// Best and median microseconds of one evaluation of digits-lbfgs (64-100-10 ReLU/softmax/cross-entropy, 1,347 rows,
/// float64) and of one digits-adam step (the same network, 200 rows, float32), and of the pieces each is made of:
/// a profiling aid for the minimizer and mini-batch workloads (`minimizer [repeats]`).
/// </summary>
internal static class MinimizerProbe
{
    public static void Run(int repeats)
    {
        Console.WriteLine("digits-lbfgs evaluation, 1347 rows, float64");
        Pieces<double>(1347, repeats, withRule: false);
        Console.WriteLine("digits-adam step, 200 rows, float32");
        Pieces<float>(200, repeats, withRule: true);
    }

    private static void Pieces<T>(int m, int repeats, bool withRule) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = Architecture.Mlp([64, 100, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 1e-4)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        var t = Initializer.UniformEpsilon.Initialize<T>(net, Rng.Create(0)).Flat.ToArray();
        var x = new T[m * 64]; Rng.Create(1).FillUniform<T>(x, 0, 1);
        var y = new T[m * 10]; for (int r = 0; r < m; r++) y[r * 10 + r % 10] = T.One;
        var ws = new Workspace<T>(net, m);
        var g = new T[t.Length];
        var h = new T[m * 100]; var h2 = new T[m * 100]; var o = new T[m * 10]; var o2 = new T[m * 10];
        Rng.Create(3).FillUniform<T>(h, -1, 1); Rng.Create(4).FillUniform<T>(o, -1, 1);
        var w1 = t.AsSpan(0, 6400).ToArray(); var w2 = t.AsSpan(6500, 1000).ToArray();
        var gw1 = new T[6400]; var gw2 = new T[1000]; var b = t.AsSpan(6400, 100).ToArray(); var b10 = t.AsSpan(7500, 10).ToArray();
        Measure("gradient + cost", () => Backpropagation.Run(ws, t, x, y, m, g));
        Measure("gradient no cost", () => Backpropagation.Run(ws, t, x, y, m, g, withCost: false));
        Measure("forward", () => ws.Pass.Rerun(t, x, m));
        Measure("cost only", () => Network.CostOf(net, t, ws.Pass, y));
        Measure($"X·W1ᵀ {m}×64×100", () => Gemm.MultiplyTransposedB<T>(x, w1, h2, m, 64, 100, Parallelism.Default));
        Measure($"A1·W2ᵀ {m}×100×10", () => Gemm.MultiplyTransposedB<T>(h, w2, o2, m, 100, 10, Parallelism.Default));
        Measure($"d2ᵀ·A1 10×{m}×100", () => Gemm.MultiplyTransposedA<T>(o, h, gw2, 10, m, 100, Parallelism.Default));
        Measure($"d1ᵀ·X 100×{m}×64", () => Gemm.MultiplyTransposedA<T>(h, x, gw1, 100, m, 64, Parallelism.Default));
        Measure($"d2·W2 {m}×10×100", () => Gemm.Multiply<T>(o, w2, h2, m, 10, 100, Parallelism.Default));
        Measure("bias+relu m×100", () => FusedKernels.AddBiasAndActivate<T>(Activation.Relu, h2, b, h2));
        // The hidden layer's step as two passes and with the bias and ReLU in the product's epilogue (z and a apart, as ForwardPass has them).
        var h3 = new T[m * 100];
        Measure("X·W1ᵀ then bias+relu", () =>
        {
            Gemm.MultiplyTransposedB<T>(x, w1, h2, m, 64, 100, Parallelism.Default);
            FusedKernels.AddBiasAndActivate<T>(Activation.Relu, h2, b, h3);
        });
        Measure("X·W1ᵀ+bias+relu fused", () => FusedKernels.Forward<T>(Activation.Relu, x, w1, b, h2, h3, m, 64, Parallelism.Default));
        Measure("bias+softmax m×10", () => FusedKernels.AddBiasAndActivate<T>(Activation.Softmax, o2, b10, o2));
        Measure("ce delta m×10", () => Loss.CrossEntropy.Delta<T>(Activation.Softmax, o, o, y, o2, 10));
        Measure("ce sum m×10", () => Loss.CrossEntropy.Sum<T>(Activation.Softmax, o, o, y, 10));
        Measure("relu backward m×100", () => FusedKernels.Backward<T>(Activation.Relu, h, h, h, h2, 100));
        Measure("sumrows 100", () => Gemm.SumRows<T>(h, gw1.AsSpan(0, 100)));
        Measure("relu δ + sums m×100", () => ReluDelta.Run<T>(h, h, h2, gw1.AsSpan(0, 100)));
        Measure("sumrows 10", () => Gemm.SumRows<T>(o, gw2.AsSpan(0, 10)));
        if (withRule)
        {
            // digits-adam's step as the engine runs it: two slots of 100 rows (their leaves formed in a pair on two threads).
            var slotted = new SlotGradient<T>(net, 2, null, new Workspace<T>(net, m), null);
            Measure("gradient, 2 slots", () => slotted.Run(t, x, y, default, m, g, false, null, false, out _));
            var run = new RuleRun<T>(Rules.Adam(1e-3).Match(r => r, e => throw new InvalidOperationException()), Rules.Adam(1e-3).Match(r => r, e => throw new InvalidOperationException()).Init<T>(t.Length));
            var theta = t.ToArray();
            Measure("adam step 7510", () => { g.AsSpan().Fill(T.CreateTruncating(1e-3)); run.Step(g, theta, 1); });
        }

        void Measure(string name, Action body) => ProbeTiming.Print(name, repeats, body, "  ", 24);
    }
}
