using System.Numerics;
using System.Numerics.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// The balanced-tree sum of a power-of-two number of leaves, each a vector and a loss sum, added pairwise level by level
/// (((g₀ + g₁) + (g₂ + g₃)) + …) as they arrive, like a binary counter: at most one pending node per level is held, so
/// S leaves of n values need (log₂ S + 2)·n values. The grouping is fixed by the leaves' positions alone, so a process
/// that sums leaves [k·S/N, (k+1)·S/N) gets exactly the node the whole tree has there, and a second tree over the N
/// such nodes gives the whole tree's root: the same bits however the leaves are shared out.
/// </summary>
internal sealed class SlotTree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] nodes;
    private readonly double[] losses;
    private T[] leaf;
    private int count;

    /// <summary>A tree of vectors of <paramref name="length"/> values over up to <paramref name="maxLeaves"/> (a power of two) leaves.</summary>
    public SlotTree(int length, int maxLeaves)
    {
        if (maxLeaves < 1 || !BitOperations.IsPow2(maxLeaves))
            throw new ArgumentOutOfRangeException(nameof(maxLeaves), maxLeaves, "the leaves must be a power of two");
        int levels = BitOperations.Log2((uint)maxLeaves) + 1;
        nodes = new T[levels][];
        for (int h = 0; h < levels; h++) nodes[h] = new T[length];
        losses = new double[levels];
        leaf = new T[length];
    }

    /// <summary>The buffer the next leaf is written into before <see cref="Push"/>.</summary>
    public Span<T> Leaf => leaf;

    /// <summary>Starts a new sum.</summary>
    public void Clear() => count = 0;

    /// <summary>Adds the vector in <see cref="Leaf"/> with loss sum <paramref name="loss"/> as the next leaf.</summary>
    public void Push(double loss)
    {
        int h = 0;
        // Each trailing one of the count is a pending left sibling at that level: add it on the left and climb.
        while ((count >> h & 1) == 1)
        {
            TensorPrimitives.Add<T>(nodes[h], leaf, leaf);
            loss = losses[h] + loss;
            h++;
        }
        (nodes[h], leaf) = (leaf, nodes[h]);
        losses[h] = loss;
        count++;
    }

    /// <summary>The root of the leaves pushed since <see cref="Clear"/> (a power of two of them): its vector and loss sum.</summary>
    public (ReadOnlyMemory<T> Sum, double Loss) Root
    {
        get
        {
            if (count < 1 || !BitOperations.IsPow2(count)) throw new InvalidOperationException($"a tree needs a power of two leaves, found {count}");
            int h = BitOperations.Log2((uint)count);
            return (nodes[h], losses[h]);
        }
    }
}
