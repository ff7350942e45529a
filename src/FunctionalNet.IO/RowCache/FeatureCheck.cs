using System.Security.Cryptography;
using FunctionalNet.Formats;

namespace FunctionalNet.IO;

/// <summary>
/// Checks a version-4 cache's feature bytes chunk by chunk as they are read in file order, by whoever reads them (the
/// cache's own pass, or a training source costing the rows in row order): each chunk's SHA-256 against the chunk table,
/// then its values, each finite. Bytes read elsewhere than at the next unchecked byte are passed over; the first
/// problem (a damaged chunk, else a non-finite value, named by row and column) is kept.
/// </summary>
internal sealed class FeatureCheck(RowCacheFile file, ChunkTable table, long firstChunk, long endChunk) : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long chunkBytes = (long)file.Header.ChunkRows * file.Header.RowBytes;
    private long chunk = firstChunk, filled;
    private Error? nonFinite;
    private double largest;

    /// <summary>The file offset of the next byte to check.</summary>
    public long Position { get; private set; } = RowCacheHeader.Size + firstChunk * (long)file.Header.ChunkRows * file.Header.RowBytes;

    /// <summary>Where the features of the last chunk to check end.</summary>
    public long End { get; } = Math.Min(RowCacheHeader.Size + endChunk * (long)file.Header.ChunkRows * file.Header.RowBytes, file.Header.TargetsOffset);

    /// <summary>The first problem found, or null.</summary>
    public Error? Problem { get; private set; }

    /// <summary>Bytes read at file offset <paramref name="at"/>: checked when they are the next ones due.</summary>
    public void Saw(long at, ReadOnlySpan<byte> bytes)
    {
        if (Problem is not null || at != Position) return;
        var header = file.Header;
        bytes = bytes[..(int)Math.Min(bytes.Length, End - Position)];
        while (!bytes.IsEmpty && Problem is null)
        {
            int take = (int)Math.Min(bytes.Length, chunkBytes - filled);
            hash.AppendData(bytes[..take]);
            nonFinite ??= RowCacheFile.Scan(bytes[..take], Position, header, file.FeatureNames, ref largest);
            (Position, filled) = (Position + take, filled + take);
            bytes = bytes[take..];
            if (filled == chunkBytes || Position == header.TargetsOffset) Close();
        }
    }

    // The chunk whose last byte just came: its digest against the table, then its values.
    private void Close()
    {
        var sum = hash.GetHashAndReset();
        long first = chunk * file.Header.ChunkRows;
        Problem = sum.AsSpan().SequenceEqual(table.FeaturesDigest(chunk))
            ? nonFinite
            : RowCacheFile.Damaged(chunk, first, table.Rows(chunk), "features", table.FeaturesDigest(chunk), sum);
        if (Problem is null) file.FeaturesChecked(chunk);
        (chunk, filled, nonFinite) = (chunk + 1, 0, null);
    }

    public void Dispose() => hash.Dispose();
}
