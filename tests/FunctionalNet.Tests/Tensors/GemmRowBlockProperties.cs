using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The products the forward pass and the δ recursion run (A·Bᵀ and A·B) give a block of rows the bits of those rows of the
/// whole product, whatever the rows' count and the threads: what lets the slot route run them once over a whole batch.
/// </summary>
public class GemmRowBlockProperties
{
    // Whole products of up to 400 rows cross the packed path's 128-row blocks and two-thread split; blocks of a few rows take
    // the direct and narrow paths.
    private static readonly Arbitrary<(int M, int K, int N, int Lo, int Rows, int Threads, int Seed)> Shapes =
        (from m in Gen.Choose(1, 400)
         from k in Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(1, 150))
         from n in Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(1, 150))
         from lo in Gen.Choose(0, m - 1)
         from rows in Gen.Choose(1, m - lo)
         from threads in Gen.Choose(1, 2)
         from seed in Gen.Choose(0, int.MaxValue)
         select (m, k, n, lo, rows, threads, seed)).ToArbitrary();

    [Property(MaxTest = 50)]
    public Property A_block_of_rows_of_a_float_product_is_the_product_of_those_rows() =>
        Prop.ForAll(Shapes, s => BlocksMatch<float>(s.M, s.K, s.N, s.Lo, s.Rows, s.Threads, s.Seed));

    [Property(MaxTest = 50)]
    public Property A_block_of_rows_of_a_double_product_is_the_product_of_those_rows() =>
        Prop.ForAll(Shapes, s => BlocksMatch<double>(s.M, s.K, s.N, s.Lo, s.Rows, s.Threads, s.Seed));

    private static bool BlocksMatch<T>(int m, int k, int n, int lo, int rows, int threads, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        var a = new T[m * k];
        var b = new T[n * k];
        rng.Fork(0).FillUniform<T>(a, -1, 1);
        rng.Fork(1).FillUniform<T>(b, -1, 1);
        var block = a.AsSpan(lo * k, rows * k);
        var (whole, part) = (new T[m * n], new T[rows * n]);

        // A·Bᵀ with B [n × k] (the forward pass), then A·B with B [k × n] (δ·W).
        Gemm.MultiplyTransposedB<T>(a, b, whole, m, k, n, new Parallelism(threads));
        Gemm.MultiplyTransposedB<T>(block, b, part, rows, k, n, new Parallelism(1));
        bool forward = part.AsSpan().SequenceEqual(whole.AsSpan(lo * n, rows * n));
        Gemm.Multiply<T>(a, b, whole, m, k, n, new Parallelism(threads));
        Gemm.Multiply<T>(block, b, part, rows, k, n, new Parallelism(1));
        return forward && part.AsSpan().SequenceEqual(whole.AsSpan(lo * n, rows * n));
    }
}
