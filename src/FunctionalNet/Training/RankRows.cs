namespace FunctionalNet.Training;

/// <summary>
/// The rows one process of a shared run reads, of a source laid out as training rows [0, t), validation rows [t, t + v)
/// and test rows after them (a row cache's parts), so it can check and read those alone. Process k of N computing slots
/// [k·S/N, (k+1)·S/N) of S reads:
/// <list type="bullet">
/// <item>training rows: with sharded sampling of an unweighted source its shards' rows (<see cref="ShardedOrder.Rows"/>),
/// its batches' and its parts of the training cost alike; otherwise every one (a whole-set shuffle may put any row in its
/// slots, and a weighted batch is gathered whole for its weight total);</item>
/// <item>validation rows: its S/N parts (<see cref="ShardedOrder.Rows"/> of the v rows), which it costs each epoch;</item>
/// <item>process 0 also every training and test row, which it scores when training ends.</item>
/// </list>
/// </summary>
public static class RankRows
{
    /// <summary>
    /// The row ranges [First, First + Count) process <paramref name="rank"/> of <paramref name="ranks"/> reads, in order,
    /// neighbouring ranges joined.
    /// </summary>
    public static IReadOnlyList<(long First, long Count)> Of(int rank, int ranks, int slots, bool sharded, bool weighted, int train, int validation, int test)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        if (rank < 0 || rank >= ranks || slots % ranks != 0) throw new ArgumentException($"rank {rank} of {ranks} cannot share {slots} slots", nameof(rank));
        int share = slots / ranks;
        var (first, count) = rank == 0 || !sharded || weighted ? (0, train) : ShardedOrder.Rows(train, slots, rank * share, share);
        var (validationFirst, validationCount) = ShardedOrder.Rows(validation, slots, rank * share, share);
        (long, long)[] ranges = rank == 0
            ? [(first, count), (train + (long)validationFirst, validationCount), ((long)train + validation, test)]
            : [(first, count), (train + (long)validationFirst, validationCount)];
        return Joined(ranges);
    }

    /// <summary>The chunks of <paramref name="chunkRows"/> rows holding <paramref name="rows"/>: ranges [First, First + Count) of chunk indices, joined.</summary>
    public static IReadOnlyList<(long First, long Count)> Chunks(IEnumerable<(long First, long Count)> rows, int chunkRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        return Joined(rows.Where(r => r.Count > 0).Select(r => (r.First / chunkRows, (r.First + r.Count - 1) / chunkRows - r.First / chunkRows + 1)));
    }

    // Empty ranges dropped, the rest sorted and merged where they touch or overlap.
    private static List<(long First, long Count)> Joined(IEnumerable<(long First, long Count)> ranges)
    {
        var joined = new List<(long First, long Count)>();
        foreach (var (first, count) in ranges.Where(r => r.Count > 0).OrderBy(r => r.First))
        {
            if (joined.Count > 0 && joined[^1].First + joined[^1].Count >= first)
            {
                var last = joined[^1];
                joined[^1] = (last.First, Math.Max(last.First + last.Count, first + count) - last.First);
            }
            else joined.Add((first, count));
        }
        return joined;
    }
}
