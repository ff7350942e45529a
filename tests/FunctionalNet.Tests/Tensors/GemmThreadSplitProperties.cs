using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// Products large enough for <see cref="GemmBlocked"/> to split them over threads — by rows or by columns, whichever
/// share costs less — have the bits of the fused triple loop at 1, 2 and 3 threads: the split cuts C into blocks, never a chain.
/// </summary>
public class GemmThreadSplitProperties
{
    private static readonly int[] ThreadCounts = [1, 2, 3];

    // Tall and wide, ragged in the 8-row and 16/32-column panels, k across the 256-deep block; every one worth two or
    // three threads (and small enough for the reference's delegate calls).
    private static readonly Arbitrary<(int M, int K, int N, int Seed)> Shapes =
        (from m in Gen.Choose(8, 700)
         from k in Gen.Choose(16, 600)
         from n in Gen.Choose(16, 200)
         from seed in Gen.Choose(0, int.MaxValue)
         where (long)m * k * n >= 2 * GemmBlocked.MinWorkPerThread && (long)m * k * n <= 6 * GemmBlocked.MinWorkPerThread
         select (m, k, n, seed)).ToArbitrary();

    [Property(MaxTest = 8)]
    public Property Split_float_products_equal_the_fused_triple_loop_at_every_thread_count() =>
        Prop.ForAll(Shapes, s => AllThreeMatch<float>(s.M, s.K, s.N, s.Seed));

    [Property(MaxTest = 8)]
    public Property Split_double_products_equal_the_fused_triple_loop_at_every_thread_count() =>
        Prop.ForAll(Shapes, s => AllThreeMatch<double>(s.M, s.K, s.N, s.Seed));

    [Theory]
    [InlineData(200, 64, 100)]
    [InlineData(100, 200, 64)]
    [InlineData(1347, 64, 100)]
    [InlineData(100, 1347, 64)]
    public void Digits_products_have_the_same_bits_at_every_thread_count(int m, int k, int n)
    {
        Assert.True(SameAtEveryThreadCount<float>(m, k, n, m + k + n), "float");
        Assert.True(SameAtEveryThreadCount<double>(m, k, n, m + k + n), "double");
    }

    // digits-adam's and digits-lbfgs's products (rows split for the first and third, columns for the others): too
    // large for the reference, so the one-thread product, which GemmTests holds to it, is the reference.
    private static bool SameAtEveryThreadCount<T>(int m, int k, int n, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b) = Operands<T>(m, k, n, seed);
        var results = ThreadCounts.Select(threads =>
        {
            var parallelism = new Parallelism(threads);
            var (forward, backward, gradient) = (new T[m * n], new T[m * n], new T[m * n]);
            Gemm.MultiplyTransposedB<T>(a, b, forward, m, k, n, parallelism);
            Gemm.Multiply<T>(a, b, backward, m, k, n, parallelism);
            Gemm.MultiplyTransposedA<T>(a, b, gradient, m, k, n, parallelism);
            return (Forward: forward, Backward: backward, Gradient: gradient);
        }).ToList();
        return results.Skip(1).All(r => r.Forward.AsSpan().SequenceEqual(results[0].Forward)
            && r.Backward.AsSpan().SequenceEqual(results[0].Backward) && r.Gradient.AsSpan().SequenceEqual(results[0].Gradient));
    }

    private static bool AllThreeMatch<T>(int m, int k, int n, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b) = Operands<T>(m, k, n, seed);
        var forward = GemmReference.Product<T>((i, p) => a[i * k + p], (p, j) => b[j * k + p], m, k, n);
        var backward = GemmReference.Product<T>((i, p) => a[i * k + p], (p, j) => b[p * n + j], m, k, n);
        var gradient = GemmReference.Product<T>((i, p) => a[p * m + i], (p, j) => b[p * n + j], m, k, n);
        var c = new T[m * n];
        foreach (int threads in ThreadCounts)
        {
            var parallelism = new Parallelism(threads);
            Gemm.MultiplyTransposedB<T>(a, b, c, m, k, n, parallelism);
            if (!c.AsSpan().SequenceEqual(forward)) return false;
            Gemm.Multiply<T>(a, b, c, m, k, n, parallelism);
            if (!c.AsSpan().SequenceEqual(backward)) return false;
            Gemm.MultiplyTransposedA<T>(a, b, c, m, k, n, parallelism);
            if (!c.AsSpan().SequenceEqual(gradient)) return false;
        }
        return true;
    }

    private static (T[] A, T[] B) Operands<T>(int m, int k, int n, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        var a = new T[m * k];
        var b = new T[k * n];
        rng.Fork(0).FillUniform<T>(a, -1, 1);
        rng.Fork(1).FillUniform<T>(b, -1, 1);
        return (a, b);
    }
}
