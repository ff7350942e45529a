using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The packed path's register-transposing copies (row-major A panels, transposed B panels) against the fused triple
/// loop, on shapes that reach them: full 8-row panels, at least one 8-column group of Wᵀ, k crossing the 256-deep
/// block and ragged in both 8 (float) and 4 (double), at one and two threads.
/// </summary>
public class GemmTransposePackProperties
{
    private static readonly Arbitrary<(int M, int K, int N, int Seed)> PackedShapes =
        (from m in Gen.Choose(8, 90)
         from k in Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(200, 530))
         from n in Gen.Choose(16, 80)
         from seed in Gen.Choose(0, int.MaxValue)
         select (m, k, n, seed)).ToArbitrary();

    [Property(MaxTest = 40)]
    public Property Products_over_transposed_packs_equal_the_fused_triple_loop_bit_for_bit() =>
        Prop.ForAll(PackedShapes, s => Matches<float>(s.M, s.K, s.N, s.Seed) && Matches<double>(s.M, s.K, s.N, s.Seed));

    private static bool Matches<T>(int m, int k, int n, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (left, right) = Rng.Create((ulong)seed).Split();
        var a = new T[m * k];
        var b = new T[n * k];
        left.FillUniform<T>(a, -1, 1);
        right.FillUniform<T>(b, -1, 1);
        var forward = GemmReference.Product<T>((i, p) => a[i * k + p], (p, j) => b[j * k + p], m, k, n);
        var backward = GemmReference.Product<T>((i, p) => a[i * k + p], (p, j) => b[p * n + j], m, k, n);
        foreach (int threads in new[] { 1, 2 })
        {
            var c = new T[m * n];
            Gemm.MultiplyTransposedB<T>(a, b, c, m, k, n, new Parallelism(threads));
            if (!c.AsSpan().SequenceEqual(forward)) return false;
            Gemm.Multiply<T>(a, b, c, m, k, n, new Parallelism(threads));
            if (!c.AsSpan().SequenceEqual(backward)) return false;
        }
        return true;
    }
}
