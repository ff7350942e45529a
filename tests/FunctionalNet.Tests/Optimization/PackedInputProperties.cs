using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Optimization;

/// <summary>
/// A minimizer session packs its input X once (<see cref="PackedInput{T}"/>) and the first layer's products read those
/// panels instead of packing X again: every product, gradient and Hessian-vector product must keep the bits of the
/// uncached evaluation at one thread, at 1, 2 and 3 threads (the packed route splits smaller products over threads).
/// </summary>
public class PackedInputProperties
{
    private static readonly int[] Threads = [1, 2, 3];

    // Rows across the 256-deep chain blocks of δᵀ·X, columns across them for X·Wᵀ, and products big enough to split.
    private static readonly Arbitrary<(int M, int K, int N, int Seed)> Shapes =
        (from m in Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(200, 700))
         from k in Gen.OneOf(Gen.Choose(1, 80), Gen.Choose(250, 300))
         from n in Gen.Choose(1, 110)
         from seed in Gen.Choose(0, int.MaxValue)
         select (m, k, n, seed)).ToArbitrary();

    [Property(MaxTest = 30)]
    public Property Products_reading_the_packed_input_equal_the_products_that_pack_it_bit_for_bit() =>
        Prop.ForAll(Shapes, s => ProductsMatch<float>(s.M, s.K, s.N, s.Seed) && ProductsMatch<double>(s.M, s.K, s.N, s.Seed));

    private static readonly Arbitrary<(int Rows, int Inputs, int Hidden, int Seed)> Networks =
        (from rows in Gen.OneOf(Gen.Choose(1, 60), Gen.Choose(250, 700))
         from inputs in Gen.Choose(1, 80)
         from hidden in Gen.Choose(1, 40)
         from seed in Gen.Choose(0, int.MaxValue)
         select (rows, inputs, hidden, seed)).ToArbitrary();

    [Property(MaxTest = 20)]
    public Property Session_evaluations_with_the_packed_input_equal_the_uncached_ones_bit_for_bit() =>
        Prop.ForAll(Networks, s =>
        {
            var c = RandomNetworks.Build(Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, s.Inputs, [s.Hidden], 10, s.Rows, true, s.Seed);
            return EvaluationsMatch<double>(c) && EvaluationsMatch<float>(c);
        });

    private static bool ProductsMatch<T>(int m, int k, int n, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        var x = Fill<T>(rng.Fork(1), m * k);
        var w = Fill<T>(rng.Fork(2), n * k);
        var d = Fill<T>(rng.Fork(3), m * n);
        var packed = new PackedInput<T>(Matrix<T>.Create(m, k, x));
        var forward = new T[m * n];
        var gradient = new T[n * k];
        Gemm.MultiplyTransposedB<T>(x, w, forward, m, k, n, new Parallelism(1));
        Gemm.MultiplyTransposedA<T>(d, x, gradient, n, m, k, new Parallelism(1));
        foreach (int threads in Threads)
        {
            var c = new T[m * n];
            Gemm.MultiplyTransposedB<T>(x, w, c, m, k, n, new Parallelism(threads), packed.AsRows);
            if (!c.AsSpan().SequenceEqual(forward)) return false;
            var g = new T[n * k];
            Gemm.MultiplyTransposedA<T>(d, x, g, n, m, k, new Parallelism(threads), packed.AsColumns);
            if (!g.AsSpan().SequenceEqual(gradient)) return false;
        }
        return true;
    }

    private static bool EvaluationsMatch<T>(NetworkCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = c.Architecture;
        var x = c.Batch.Features.Convert<T>();
        var y = c.Batch.Targets.Convert<T>().Span;
        var theta = c.Parameters.Convert<T>().Flat.ToArray();
        var v = Fill<T>(Rng.Create((ulong)c.Seed).Fork(7), theta.Length);
        int rows = c.Batch.Count;
        var (cost, gradient, product) = Evaluate(architecture, x, y, theta, v, rows, new Parallelism(1), packed: false);
        foreach (int threads in Threads)
        {
            var (cost2, gradient2, product2) = Evaluate(architecture, x, y, theta, v, rows, new Parallelism(threads), packed: true);
            if (BitConverter.DoubleToInt64Bits(cost) != BitConverter.DoubleToInt64Bits(cost2)) return false;
            if (!gradient.AsSpan().SequenceEqual(gradient2) || !product.AsSpan().SequenceEqual(product2)) return false;
        }
        return true;
    }

    // A gradient, a product at its pass (the session's reuse) and a product at a pass of its own, as a session runs them.
    private static (double Cost, T[] Gradient, T[] Products) Evaluate<T>(Architecture architecture, Matrix<T> x, ReadOnlySpan<T> y, T[] theta, T[] v,
        int rows, Parallelism parallelism, bool packed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var workspace = new Workspace<T>(architecture, rows, parallelism);
        if (packed) workspace.Pass.PackedInput = new PackedInput<T>(x);
        var hessian = new HessianWorkspace<T>(architecture, rows, workspace.Pass);
        var gradient = new T[theta.Length];
        var products = new T[2 * theta.Length];
        double cost = Backpropagation.Run(workspace, theta, x.Span, y, rows, gradient);
        HessianVector.Run(hessian, theta, v, x.Span, y, rows, products.AsSpan(0, theta.Length), passIsCurrent: true);
        HessianVector.Run(hessian, v, theta, x.Span, y, rows, products.AsSpan(theta.Length), passIsCurrent: false);
        return (cost, gradient, products);
    }

    private static T[] Fill<T>(Rng rng, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[length];
        rng.FillUniform<T>(values, -1, 1);
        return values;
    }
}
