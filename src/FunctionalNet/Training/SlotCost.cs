using System.Buffers.Binary;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Training;

/// <summary>
/// J over a source split into P fixed contiguous parts (P a power of two, part p holding rows
/// <see cref="ShardedOrder.Shard"/>(m, P, p)): each part's loss sum and weight total walked in blocks as
/// <see cref="RowWalk.Cost{T}"/> walks a whole source, the parts' sums added as the slot tree adds slots
/// (((s₀ + s₁) + (s₂ + s₃)) + …). With an exchange of N processes each computes its P/N neighbouring parts, one subtree,
/// and the N subtree sums are gathered and added in the same order, so every process, and one process with the same P,
/// gets the same bits while reading only its own parts' rows. One part is exactly the whole source's blocked cost.
/// </summary>
internal static class SlotCost
{
    /// <summary>J of <paramref name="source"/> at <paramref name="theta"/> over <paramref name="parts"/> parts, shared through <paramref name="exchange"/> when given.</summary>
    public static double Cost<T>(Architecture architecture, T[] theta, IRowSource<T> source, Parallelism parallelism, int parts, SlotExchange? exchange)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ranks = exchange?.Ranks ?? 1, rank = exchange?.Rank ?? 0, m = source.Count;
        if (parts < 1 || !BitOperations.IsPow2(parts) || parts % ranks != 0)
            throw new ArgumentException($"{ranks} processes cannot share {parts} parts: the processes must be a power of two dividing the parts", nameof(parts));
        int share = parts / ranks;
        var tree = new SlotTree<double>(1, Math.Max(share, ranks));
        var (sum, total) = Sum(tree, rank * share, share, p =>
        {
            var (first, count) = ShardedOrder.Shard(m, parts, p);
            var (s, t, _) = RowWalk.Sums<T>(architecture, theta, source, first, count, parallelism);
            return (s, t);
        });
        if (exchange is not null)
        {
            var mine = new byte[2 * sizeof(double)];
            var all = new byte[mine.Length * ranks];
            BinaryPrimitives.WriteDoubleLittleEndian(mine, sum);
            BinaryPrimitives.WriteDoubleLittleEndian(mine.AsSpan(sizeof(double)), total);
            exchange.AllGather(mine, all);
            (sum, total) = Sum(tree, 0, ranks, k => (BinaryPrimitives.ReadDoubleLittleEndian(all.AsSpan(k * mine.Length)),
                BinaryPrimitives.ReadDoubleLittleEndian(all.AsSpan(k * mine.Length + sizeof(double)))));
        }
        return Network.Penalised<T>(architecture, theta, !source.Weighted ? sum / m : total == 0 ? 0 : sum / total, m);
    }

    // Leaves [first, first + count) (a power of two) added in the slot tree's order: each loss sum as the tree's loss, each
    // weight total as its one-value vector, so the parts' sums take the very grouping the slots' gradients do.
    private static (double Sum, double Total) Sum(SlotTree<double> tree, int first, int count, Func<int, (double Sum, double Total)> leaf)
    {
        tree.Clear();
        for (int p = first; p < first + count; p++)
        {
            var (sum, total) = leaf(p);
            tree.Leaf[0] = total;
            tree.Push(sum);
        }
        var (totals, loss) = tree.Root;
        return (loss, totals.Span[0]);
    }
}
