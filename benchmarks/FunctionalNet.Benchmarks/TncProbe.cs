using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// Best and median microseconds of digits-tnc's evaluations (64-25-10 sigmoid, BCE, λ = 1, 1,347 rows, float64) and of
/// the pieces one Hessian-vector product is made of: a profiling aid for the R-operator (`tnc [repeats]`).
/// </summary>
internal static class TncProbe
{
    public static void Run(int repeats)
    {
        const int m = 1347;
        var tnc = Architecture.Mlp([64, 25, 10], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 1)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        var t = Initializer.Uniform(0.12).Initialize<double>(tnc, Rng.Create(0)).Flat.ToArray();
        var x = new double[m * 64]; Rng.Create(1).FillUniform<double>(x, 0, 1);
        var y = new double[m * 10]; for (int r = 0; r < m; r++) y[r * 10 + r % 10] = 1;
        var v = new double[t.Length]; Rng.Create(2).FillNormal<double>(v, 0, 1);
        var ws = new Workspace<double>(tnc, m);
        var hw = new HessianWorkspace<double>(tnc, m, ws.Pass);
        var g = new double[t.Length]; var hv = new double[t.Length];
        var a25 = new double[m * 25]; var b25 = new double[m * 25]; var c25 = new double[m * 25];
        var a10 = new double[m * 10]; var b10 = new double[m * 10];
        Rng.Create(3).FillUniform<double>(a25, 0, 1); Rng.Create(4).FillUniform<double>(a10, 0, 1);
        var w1 = t.AsSpan(0, 1600).ToArray(); var w2 = t.AsSpan(1625, 250).ToArray();
        var gw1 = new double[1600]; var gw2 = new double[250];
        Measure("gradient", () => Backpropagation.Run(ws, t, x, y, m, g));
        Measure("gradient no cost", () => Backpropagation.Run(ws, t, x, y, m, g, withCost: false));
        Measure("Hv pass current", () => HessianVector.Run(hw, t, v, x, y, m, hv, true));
        Measure("Hv pass rerun", () => HessianVector.Run(hw, t, v, x, y, m, hv, false));
        // The product's halves: the forward R-pass, and the backward R-pass (the rest of "Hv pass current").
        Measure("Hv tangent forward", () => HessianVector.TangentForward(hw, t, v, x, m));
        Measure("forward", () => ws.Pass.Rerun(t, x, m));
        Measure("cost only", () => Network.CostOf(tnc, t, ws.Pass, y));
        var logits = new double[m * 10]; Rng.Create(5).FillNormal<double>(logits, 0, 3);
        Measure("BCE terms m×10", () => LogisticTerms.Sum<double>(logits, y, 10, default));
        Measure("BCE scalar m×10", () => ScalarBce(logits, y));
        Measure("X·W1ᵀ m×64×25", () => Gemm.MultiplyTransposedB<double>(x, w1, c25, m, 64, 25, Parallelism.Default));
        Measure("A1·W2ᵀ m×25×10", () => Gemm.MultiplyTransposedB<double>(a25, w2, b10, m, 25, 10, Parallelism.Default));
        Measure("d2ᵀ·A1 10×m×25", () => Gemm.MultiplyTransposedA<double>(a10, a25, gw2, 10, m, 25, Parallelism.Default));
        Measure("d1ᵀ·X 25×m×64", () => Gemm.MultiplyTransposedA<double>(a25, x, gw1, 25, m, 64, Parallelism.Default));
        Measure("d2·W2 m×10×25", () => Gemm.Multiply<double>(a10, w2, b25, m, 10, 25, Parallelism.Default));
        Measure("addrow 25", () => Gemm.AddRowVector<double>(c25, w1.AsSpan(0, 25)));
        Measure("addrow 10", () => Gemm.AddRowVector<double>(b10, w1.AsSpan(0, 10)));
        Measure("sumrows 10", () => Gemm.SumRows<double>(a10, gw2.AsSpan(0, 10)));
        Measure("sumrows 25", () => Gemm.SumRows<double>(a25, gw2.AsSpan(0, 25)));
        Measure("sigmoid tangent m×25", () => FusedTangentKernels.Tangent<double>(Activation.Sigmoid, a25, b25, c25, a25, 25, default));
        Measure("sigmoid m×25", () => TensorPrimitives.Sigmoid<double>(b25, c25));
        // The product's elementwise passes besides the products, fused (bias, extra term and tangent in one sweep) and not.
        var d25 = new double[m * 25]; var e25 = new double[m * 25]; var c10 = new double[m * 10];
        Rng.Create(6).FillNormal<double>(d25, 0, 1); Rng.Create(7).FillNormal<double>(b10, 0, 1);
        Measure("add m×25", () => TensorPrimitives.Add<double>(c25, d25, e25));
        Measure("add m×10", () => TensorPrimitives.Add<double>(a10, b10, c10));
        Measure("bias+tangent m×25", () => FusedTangentKernels.BiasTangent<double>(Activation.Sigmoid, a25, a25, c25, w1.AsSpan(0, 25), default, e25, 25, default));
        Measure("bias+add+tangent m×10", () => FusedTangentKernels.BiasTangent<double>(Activation.Sigmoid, a10, a10, c10, w1.AsSpan(0, 10), b10, b10, 10, default));
        Measure("backward tangent m×25", () => FusedTangentKernels.BackwardTangent<double>(Activation.Sigmoid, a25, a25, b25, c25, d25, e25, 25, default, default));
        Measure("add+backward tangent m×25", () => FusedTangentKernels.BackwardTangentOfSum<double>(Activation.Sigmoid, a25, a25, b25, c25, d25, c25, e25, 25, default, default));
        Measure("column sums 25 registers", () => NarrowColumnSums.Run<double>(a25, gw2.AsSpan(0, 25)));
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < 163; i++) HessianVector.Run(hw, t, v, x, y, m, hv, true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"163 Hv in a row       {Stopwatch.GetElapsedTime(t0).TotalMilliseconds,8:F1} ms (workspace, pass current)"));

        void Measure(string name, Action run) => ProbeTiming.Print(name, repeats, run);

        // The loop LogisticTerms replaced: Math.Exp and a log1p per output, summed in order.
        static double ScalarBce(double[] z, double[] y)
        {
            double sum = 0;
            for (int i = 0; i < z.Length; i++) sum += LogisticTerms.Scalar(z[i], y[i]);
            return sum;
        }
    }
}
