using FunctionalNet.Data;

namespace FunctionalNet.Training;

/// <summary>
/// Sharded sampling (<see cref="TrainingOptions.Sharded"/>): the m training rows are split into S fixed contiguous shards,
/// shard s holding rows [s·m/S, (s+1)·m/S) (S the slot count; the boundaries depend on S and m only, never on how many
/// processes share the run); each epoch shuffles every shard within itself, from the epoch's draws forked by the shard's
/// index, and slot s of every mini-batch takes the next rows of shard s. So a process computing slots [a, b) only ever
/// touches the rows of shards [a, b), one contiguous row range, and the order is the same at every process count.
/// When S divides the batch (or one batch holds every row) the epoch is a permutation: every row once.
/// </summary>
public static class ShardedOrder
{
    /// <summary>Shard <paramref name="shard"/>'s rows of <paramref name="rows"/> split into <paramref name="shards"/>: [First, First + Count).</summary>
    public static (int First, int Count) Shard(int rows, int shards, int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        if (shard < 0 || shard > shards) throw new ArgumentOutOfRangeException(nameof(shard), $"shard {shard} of {shards}");
        int first = (int)((long)shard * rows / shards);
        return (first, (int)((long)(shard + 1) * rows / shards) - first);
    }

    /// <summary>
    /// The rows [First, First + Count) that slots [<paramref name="firstSlot"/>, <paramref name="firstSlot"/> + <paramref name="slots"/>)
    /// of <paramref name="shards"/> draw from: what a process computing those slots needs to read.
    /// </summary>
    public static (int First, int Count) Rows(int rows, int shards, int firstSlot, int slots)
    {
        int first = Shard(rows, shards, firstSlot).First;
        return (first, Shard(rows, shards, firstSlot + slots).First - first);
    }

    /// <summary>
    /// Null when an epoch of <paramref name="rows"/> rows in batches of <paramref name="batch"/> rows (at most the rows) and
    /// <paramref name="slots"/> slots visits every row once under sharded sampling, else why not (one line).
    /// </summary>
    public static string? Problem(int rows, int batch, int slots) =>
        batch >= rows || batch % slots == 0 ? null
            : $"sharded sampling draws each batch's {slots} slots from {slots} equal shards, so the batch size must be a multiple of the slots (or cover every row), found a batch of {batch} rows";

    /// <summary>
    /// Writes epoch order <paramref name="order"/> (length m) for batches of <paramref name="batch"/> rows of
    /// <paramref name="slots"/> slots: batch j's slot s (its rows [s·c/S, (s+1)·c/S) for a batch of c rows, as the slot
    /// tree splits it) holds the next rows of shard s in that shard's order for the epoch, drawn from <paramref name="draws"/> forked by s.
    /// <paramref name="shuffled"/> (length m) is the caller's scratch for the shuffled shards, so an epoch allocates nothing.
    /// </summary>
    public static void Fill(Rng draws, int batch, int slots, Span<int> order, Span<int> shuffled)
    {
        int m = order.Length;
        if (Problem(m, Math.Min(batch, m), slots) is { } problem) throw new ArgumentException(problem, nameof(batch));
        if (shuffled.Length != m) throw new ArgumentException($"expected scratch of {m} rows, found {shuffled.Length}", nameof(shuffled));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slots, SlotCount.Max);
        batch = Math.Min(batch, m);
        Span<int> next = stackalloc int[slots];
        for (int s = 0; s < slots; s++)
        {
            var (first, count) = Shard(m, slots, s);
            var part = shuffled.Slice(first, count);
            draws.Fork((ulong)s).Permute(part);
            for (int i = 0; i < part.Length; i++) part[i] += first;
            next[s] = first;
        }
        for (int start = 0; start < m; start += batch)
        {
            int count = Math.Min(batch, m - start);
            for (int s = 0; s < slots; s++)
            {
                int lo = (int)((long)s * count / slots), hi = (int)((long)(s + 1) * count / slots);
                shuffled.Slice(next[s], hi - lo).CopyTo(order.Slice(start + lo, hi - lo));
                next[s] += hi - lo;
            }
        }
    }

    /// <summary>
    /// Gathers a batch's rows (<paramref name="rows"/>, c of them) into <paramref name="x"/>, <paramref name="y"/> and <paramref name="w"/>:
    /// all of them, except in a shared sharded run, where this process gathers only its slots' rows (its shards', the only
    /// ones its slot gradients read) and zeroes the rest. A weighted source still gives every row's weight, since each slot
    /// is scaled by the whole batch's weight total, so it is gathered whole.
    /// </summary>
    internal static void Gather<T>(IRowSource<T> source, TrainingOptions options, ReadOnlySpan<int> rows, int slots, Span<T> x, Span<T> y, Span<T> w)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (!options.Sharded || options.Exchange is not { Ranks: > 1 } exchange || source.Weighted)
        {
            source.Gather(rows, x, y, w);
            return;
        }
        int c = rows.Length, share = slots / exchange.Ranks, inputs = source.Inputs, outputs = source.Outputs;
        int lo = (int)((long)exchange.Rank * share * c / slots), hi = (int)((long)(exchange.Rank + 1) * share * c / slots);
        x[..(c * inputs)].Clear();
        y[..(c * outputs)].Clear();
        source.Gather(rows[lo..hi], x.Slice(lo * inputs, (hi - lo) * inputs), y.Slice(lo * outputs, (hi - lo) * outputs), default);
    }

    /// <summary>
    /// The epoch's order of <paramref name="source"/>: sharded when <paramref name="options"/> say so (with <paramref name="scratch"/>
    /// of length m, see <see cref="Fill"/>), else the source's own.
    /// </summary>
    internal static void Order<T>(IRowSource<T> source, TrainingOptions options, Rng draws, int batch, int slots, Span<int> order, Span<int> scratch)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (options.Sharded) Fill(draws, batch, slots, order, scratch);
        else source.Order(draws, order);
    }
}
