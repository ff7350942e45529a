using System.Numerics;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;
using Xunit;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The output layer's products (ten classes) against the fused triple loop, byte for byte, at one, two and three threads:
/// narrow C (n up to 20), few rows of C over long chains (m up to 20, k up to 2000, the strip kernel's ten rows and their
/// ragged neighbours) and short chains (k up to 20), float and double, with every product of <see cref="GemmReference.AllThree{T}"/>.
/// </summary>
public class OutputGemmProperties
{
    private static readonly Arbitrary<(int M, int K, int N, int Seed)> NarrowColumns = Shapes(Gen.Choose(1, 400), Gen.Choose(1, 130), Gen.Choose(1, 20));

    private static readonly Arbitrary<(int M, int K, int N, int Seed)> FewRows =
        Shapes(Gen.Choose(1, 20), Gen.OneOf(Gen.Choose(1, 300), Gen.Choose(300, 2000)), Gen.Choose(1, 130));

    private static readonly Arbitrary<(int M, int K, int N, int Seed)> ShortChains = Shapes(Gen.Choose(1, 1400), Gen.Choose(1, 20), Gen.Choose(1, 130));

    [Property(MaxTest = 40)]
    public Property Narrow_columns_equal_the_fused_triple_loop_at_every_thread_count() =>
        Prop.ForAll(NarrowColumns, s => Matches<float>(s) && Matches<double>(s));

    [Property(MaxTest = 40)]
    public Property Few_rows_over_long_chains_equal_the_fused_triple_loop_at_every_thread_count() =>
        Prop.ForAll(FewRows, s => Matches<float>(s) && Matches<double>(s));

    [Property(MaxTest = 40)]
    public Property Short_chains_equal_the_fused_triple_loop_at_every_thread_count() =>
        Prop.ForAll(ShortChains, s => Matches<float>(s) && Matches<double>(s));

    [Theory]
    [InlineData(200, 100)]
    [InlineData(1347, 100)]
    [InlineData(1347, 25)]
    [InlineData(1, 100)]
    [InlineData(13, 37)]
    public void The_digits_workloads_shapes_equal_the_fused_triple_loop(int rows, int hidden)
    {
        foreach (var shape in new[] { (rows, hidden, 10), (10, rows, hidden), (rows, 10, hidden) })
        {
            Assert.True(Matches<float>((shape.Item1, shape.Item2, shape.Item3, rows + hidden)));
            Assert.True(Matches<double>((shape.Item1, shape.Item2, shape.Item3, rows * hidden)));
        }
    }

    private static bool Matches<T>((int M, int K, int N, int Seed) s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b) = GemmReference.Operands<T>(s.M * s.K, s.K * s.N, s.Seed);
        var expected = GemmReference.AllThree(a, b, s.M, s.K, s.N, null);
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var actual = GemmReference.AllThree(a, b, s.M, s.K, s.N, new Parallelism(threads));
            if (!Same(actual.Forward, expected.Forward) || !Same(actual.Backward, expected.Backward) || !Same(actual.Gradient, expected.Gradient))
                return false;
        }
        return true;
    }

    private static Arbitrary<(int M, int K, int N, int Seed)> Shapes(Gen<int> rows, Gen<int> chain, Gen<int> columns) =>
        (from m in rows
         from k in chain
         from n in columns
         from seed in Gen.Choose(0, int.MaxValue)
         select (m, k, n, seed)).ToArbitrary();

    private static bool Same<T>(T[] x, T[] y) where T : unmanaged =>
        MemoryMarshal.AsBytes(x.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(y.AsSpan()));
}
