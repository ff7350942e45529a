using System.Runtime.InteropServices;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;

namespace FunctionalNet.IO;

/// <summary>
/// A version-4 cache's chunk table (docs/formats.md), read whole when the cache is opened and covered by the header's
/// checksum: per chunk the SHA-256s of its features, targets and weights, and its column moments (mean, M2, minimum,
/// maximum, first row) as <see cref="ChunkMoments"/> computes them, so a prefix's statistics are their merge.
/// </summary>
internal sealed class ChunkTable(RowCacheHeader header, byte[] bytes)
{
    private ReadOnlySpan<byte> Record(long chunk) => bytes.AsSpan((int)(chunk * header.ChunkRecordBytes), (int)header.ChunkRecordBytes);

    /// <summary>Rows of chunk <paramref name="chunk"/> (the last may be short).</summary>
    public int Rows(long chunk) => (int)Math.Min(header.ChunkRows, header.Rows - chunk * header.ChunkRows);

    /// <summary>The SHA-256 of the chunk's feature bytes.</summary>
    public ReadOnlySpan<byte> FeaturesDigest(long chunk) => Record(chunk)[..32];

    /// <summary>The SHA-256 of the chunk's class labels or target values.</summary>
    public ReadOnlySpan<byte> TargetsDigest(long chunk) => Record(chunk)[32..64];

    /// <summary>The SHA-256 of the chunk's sample weights (zero bytes in a cache without weights).</summary>
    public ReadOnlySpan<byte> WeightsDigest(long chunk) => Record(chunk)[64..96];

    // Statistic s (0 mean, 1 M2, 2 min, 3 max, 4 first row) of every column of the chunk.
    private ReadOnlySpan<double> Statistic(long chunk, int s) =>
        MemoryMarshal.Cast<byte, double>(Record(chunk)[RowCacheHeader.ChunkDigestBytes..]).Slice(s * header.Features, header.Features);

    /// <summary>Merges chunk <paramref name="chunk"/>'s stored moments into <paramref name="sums"/>, as adding its rows would.</summary>
    public void AddTo(ColumnStatistics.Accumulator sums, long chunk) =>
        sums.Add(Rows(chunk), Statistic(chunk, 0), Statistic(chunk, 1), Statistic(chunk, 2), Statistic(chunk, 3), Statistic(chunk, 4));

    /// <summary>The largest magnitude of any feature value, from every chunk's minima and maxima (NaN passed over).</summary>
    public double LargestMagnitude()
    {
        double largest = 0;
        for (long c = 0; c < header.Chunks; c++)
            foreach (int s in (ReadOnlySpan<int>)[2, 3])
                foreach (double v in Statistic(c, s))
                    if (Math.Abs(v) > largest) largest = Math.Abs(v);
        return largest;
    }
}
