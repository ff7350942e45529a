using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

public class GemmTests
{
    // Shapes straddle the vector widths (8/16 lanes, 16/32-column tiles, 8-row tiles), the 256-deep k-blocks and
    // the direct/packed threshold; 1 × 1 and tall-skinny cases come up often at these ranges.
    private static readonly Arbitrary<(int M, int K, int N, int Seed)> Shapes =
        (from m in Gen.Choose(1, 40)
         from k in Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(1, 600))
         from n in Gen.OneOf(Gen.Choose(1, 9), Gen.Choose(1, 70))
         from seed in Gen.Choose(0, int.MaxValue)
         select (m, k, n, seed)).ToArbitrary();

    [Property(MaxTest = 120)]
    public Property Float_products_equal_the_fused_triple_loop_bit_for_bit() =>
        Prop.ForAll(Shapes, s => AllThreeMatch<float>(s.M, s.K, s.N, s.Seed));

    [Property(MaxTest = 120)]
    public Property Double_products_equal_the_fused_triple_loop_bit_for_bit() =>
        Prop.ForAll(Shapes, s => AllThreeMatch<double>(s.M, s.K, s.N, s.Seed));

    [Property(MaxTest = 60)]
    public Property Products_agree_with_plain_double_sums_within_rounding() =>
        Prop.ForAll(Shapes, s =>
        {
            var (a, b) = GemmReference.Operands<float>(s.M * s.K, s.K * s.N, s.Seed);
            var c = new float[s.M * s.N];
            Gemm.Multiply<float>(a, b, c, s.M, s.K, s.N, Parallelism.Default);
            var plain = GemmReference.Plain<float>((i, p) => a[i * s.K + p], (p, j) => b[p * s.N + j], s.M, s.K, s.N);
            // Operands lie in [-1, 1): a float sum of k products is off by at most about k·2⁻²⁴ per unit.
            return Enumerable.Range(0, c.Length).All(i => Math.Abs(c[i] - plain[i]) <= s.K * 1.2e-7 + 1e-30);
        });

    [Property(MaxTest = 60)]
    public Property Each_row_of_a_batch_product_is_the_product_of_that_row_alone() =>
        Prop.ForAll(Shapes, s =>
        {
            var (a, b) = GemmReference.Operands<float>(s.M * s.K, s.N * s.K, s.Seed);
            var batch = new float[s.M * s.N];
            Gemm.MultiplyTransposedB<float>(a, b, batch, s.M, s.K, s.N, Parallelism.Default);
            var row = new float[s.N];
            for (int i = 0; i < s.M; i++)
            {
                Gemm.MultiplyTransposedB<float>(a.AsSpan(i * s.K, s.K), b, row, 1, s.K, s.N, Parallelism.Default);
                if (!row.AsSpan().SequenceEqual(batch.AsSpan(i * s.N, s.N))) return false;
            }
            return true;
        });

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(300, 70, 130)]
    [InlineData(130, 520, 300)]
    [InlineData(2000, 3, 17)]
    public void Large_products_are_bit_identical_at_every_thread_count_and_match_the_reference(int m, int k, int n)
    {
        var (a, b) = GemmReference.Operands<float>(m * k, n * k, m + k + n);
        var expected = GemmReference.Product<float>((i, p) => a[i * k + p], (p, j) => b[j * k + p], m, k, n);
        foreach (int threads in new[] { 1, 2, 3, 7 })
        {
            var c = new float[m * n];
            Gemm.MultiplyTransposedB<float>(a, b, c, m, k, n, new Parallelism(threads));
            Assert.Equal(expected, c);
        }
    }

    // digits-tnc's products (1347 rows, 64-25-10) and both element types' two-vector narrow range (w ≤ n < 2w:
    // 8–15 columns in double, 16–31 in float), with the ragged last block of eight rows.
    [Theory]
    [InlineData(1347, 25, 10)]
    [InlineData(1347, 64, 25)]
    [InlineData(1347, 10, 25)]
    [InlineData(10, 1347, 25)]
    [InlineData(37, 100, 21)]
    [InlineData(45, 30, 8)]
    public void Digits_and_two_vector_narrow_shapes_equal_the_fused_triple_loop_bit_for_bit(int m, int k, int n) =>
        Assert.True(AllThreeMatch<double>(m, k, n, m + k + n) && AllThreeMatch<float>(m, k, n, m + k + n));

    [Fact]
    public void Empty_inner_dimension_gives_zeros_and_wrong_sizes_throw()
    {
        var c = new double[6];
        c.AsSpan().Fill(5);
        Gemm.Multiply<double>([], [], c, 2, 0, 3, Parallelism.Default);
        Assert.All(c, v => Assert.Equal(0, v));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<double>(new double[5], new double[6], new double[4], 2, 3, 2, Parallelism.Default));
    }

    private static bool AllThreeMatch<T>(int m, int k, int n, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b) = GemmReference.Operands<T>(m * k, k * n, seed);
        return GemmReference.SameBits(GemmReference.AllThree(a, b, m, k, n, Parallelism.Default), GemmReference.AllThree(a, b, m, k, n, null));
    }
}
