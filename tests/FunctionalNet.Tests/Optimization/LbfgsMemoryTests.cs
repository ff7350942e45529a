using FunctionalNet.Kernels;
using FunctionalNet.Optimization;

namespace FunctionalNet.Tests.Optimization;

/// <summary>The curvature memory's ring: rejected pairs leave it untouched, and a snapshot restores it exactly.</summary>
public sealed class LbfgsMemoryTests
{
    [Fact]
    public void A_rejected_pair_does_not_overwrite_the_oldest_pair_of_a_full_memory()
    {
        var memory = new LbfgsMemory(1, 2);
        memory.Push([0, 0], [0, 0], [1, 0], [2, 0]); // sᵀy = 2: accepted, fills the memory
        var alone = LbfgsMemory.Restore(1, 2, memory.Snapshot());
        memory.Push([0, 0], [0, 0], [0, 1], [0, -1]); // sᵀy = −1: rejected
        double[] applied = new double[2], expected = new double[2];
        memory.Apply([1, 1], applied);
        alone.Apply([1, 1], expected);
        Assert.Equal(expected, applied);
        Assert.Equal(1, memory.Count);
    }

    [Fact]
    public void A_snapshot_lists_pairs_oldest_first_after_the_ring_wraps()
    {
        var memory = new LbfgsMemory(2, 1);
        for (int k = 1; k <= 3; k++) memory.Push([0], [0], [k], [2.0 * k]);
        var pairs = memory.Snapshot();
        Assert.Equal([2.0, 3.0], pairs.Select(p => p.S[0]));
        Assert.Equal([1 / 8.0, 1 / 18.0], pairs.Select(p => p.Rho));
    }
}
