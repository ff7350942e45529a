using System.Numerics;
using FunctionalNet.Data.Preprocessing;

namespace FunctionalNet.IO;

/// <summary>
/// Column statistics of a cache's first rows, fed the feature values as the checksum pass reads them (in pieces that
/// need not end on a row): the values are gathered into chunks of the cache's chunk size, in double, and each full
/// chunk (and the last, partial one) goes to a <see cref="ColumnStatistics.Accumulator"/> — the chunks a reader of those
/// rows hands <see cref="ColumnStatistics.Of{T}"/>, so the numbers are the same.
/// </summary>
internal sealed class StatisticsFeed
{
    private readonly ColumnStatistics.Accumulator sums;
    private readonly double[] chunk;
    private int filled;
    private long left;

    /// <summary>Statistics of the first <paramref name="rows"/> (≥ 1) rows of <paramref name="columns"/> values, in chunks of <paramref name="chunkRows"/>.</summary>
    public StatisticsFeed(int columns, int chunkRows, long rows)
    {
        sums = new ColumnStatistics.Accumulator(columns);
        chunk = new double[Math.Min(chunkRows, rows) * columns];
        left = rows * columns;
    }

    /// <summary>The next feature values in file order; values past the rows asked for are passed over.</summary>
    public void Add<TValue>(ReadOnlySpan<TValue> values) where TValue : unmanaged, IFloatingPointIeee754<TValue>
    {
        while (!values.IsEmpty && left > 0)
        {
            int take = (int)Math.Min(Math.Min(values.Length, chunk.Length - filled), left);
            for (int i = 0; i < take; i++) chunk[filled + i] = double.CreateTruncating(values[i]);
            (filled, left) = (filled + take, left - take);
            values = values[take..];
            if (filled == chunk.Length || left == 0)
            {
                sums.Add<double>(chunk.AsSpan(0, filled));
                filled = 0;
            }
        }
    }

    /// <summary>The statistics of the rows asked for (all of them must have been fed).</summary>
    public ColumnStatistics Result() => sums.Result();
}
