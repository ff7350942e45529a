using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// Products large enough for <see cref="GemmBlocked"/> to split them over threads — by rows or by columns, whichever
/// share costs less — have the bits of the fused triple loop at 1, 2 and 3 threads, with pool threads or a run's
/// <see cref="KernelCrew"/> taking the shares, or the crew declining and the product running unsplit: the split cuts C into
/// blocks, never a chain.
/// </summary>
public class GemmThreadSplitProperties
{
    // Pool threads, a run's crew, and crews whose helpers never or every other time take part (the product then runs unsplit).
    private static readonly Parallelism[] ThreadCounts =
        [new(1), new(2), new(3), new Parallelism(2) { Crew = new KernelCrew(1) }, new Parallelism(3) { Crew = new KernelCrew(2) },
         new Parallelism(2) { Crew = new KernelCrew(1, () => false) }, new Parallelism(3) { Crew = new KernelCrew(2, EveryOther()) }];

    private static Func<bool> EveryOther()
    {
        int calls = 0;
        return () => (calls++ & 1) == 0;
    }

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
    public Property Split_products_equal_the_fused_triple_loop_at_every_thread_count() =>
        Prop.ForAll(Shapes, s => AllThreeMatch<float>(s.M, s.K, s.N, s.Seed) && AllThreeMatch<double>(s.M, s.K, s.N, s.Seed));

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
        var (a, b) = GemmReference.Operands<T>(m * k, k * n, seed);
        var one = GemmReference.AllThree(a, b, m, k, n, new Parallelism(1));
        return ThreadCounts.All(t => GemmReference.SameBits(GemmReference.AllThree(a, b, m, k, n, t), one));
    }

    private static bool AllThreeMatch<T>(int m, int k, int n, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b) = GemmReference.Operands<T>(m * k, k * n, seed);
        var reference = GemmReference.AllThree(a, b, m, k, n, null);
        return ThreadCounts.All(t => GemmReference.SameBits(GemmReference.AllThree(a, b, m, k, n, t), reference));
    }
}
