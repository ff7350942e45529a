using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// Aᵀ·B with few rows and long chains is formed as (Bᵀ·A)ᵀ: still the fused triple loop's chain for every element, bit
/// for bit, at every thread count. Shapes straddle the swap's bounds (rows, columns, chain length).
/// </summary>
public class SwappedProductProperties
{
    [Property(MaxTest = 40)]
    public Property Few_row_transposed_A_products_equal_the_fused_triple_loop_bit_for_bit() =>
        Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(200, 1400).ToArbitrary(), Gen.Choose(20, 140).ToArbitrary(),
            (m, k, n) => Matches<double>(m, k, n) && Matches<float>(m, k, n));

    [Fact]
    public void The_digits_output_gradient_shape_equals_the_fused_triple_loop_bit_for_bit()
    {
        Assert.True(Matches<double>(10, 1347, 100));
        Assert.True(Matches<float>(10, 1347, 100));
    }

    private static bool Matches<T>(int m, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new T[k * m];
        var b = new T[k * n];
        Rng.Create((ulong)(m * 7919 + k * 31 + n)).Fork(0).FillNormal<T>(a, 0, 1);
        Rng.Create((ulong)(m * 7919 + k * 31 + n)).Fork(1).FillNormal<T>(b, 0, 1);
        var expected = GemmReference.Product<T>((i, p) => a[p * m + i], (p, j) => b[p * n + j], m, k, n);
        var one = new T[m * n];
        var two = new T[m * n];
        Gemm.MultiplyTransposedA<T>(a, b, one, m, k, n, new Parallelism(1));
        Gemm.MultiplyTransposedA<T>(a, b, two, m, k, n, new Parallelism(2));
        return one.AsSpan().SequenceEqual(expected) && two.AsSpan().SequenceEqual(expected);
    }
}
