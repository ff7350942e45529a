using System.Security.Cryptography;

namespace FunctionalNet.IO;

/// <summary>
/// The SHA-256 of each chunk's part of one region of a row cache (its features, targets or weights), fed the region's
/// bytes in order in pieces that need not end on a chunk: one hash is open at a time.
/// </summary>
internal sealed class RegionDigests(long chunkBytes) : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long filled;

    /// <summary>The digests of the chunks completed so far (and of the last, partial one once <see cref="End"/> is called).</summary>
    public List<byte[]> Digests { get; } = [];

    /// <summary>Bytes fed so far.</summary>
    public long Length { get; private set; }

    /// <summary>The next bytes of the region; <paramref name="chunkEnded"/> is told each chunk's index as its last byte arrives.</summary>
    public void Add(ReadOnlySpan<byte> bytes, Action<int>? chunkEnded = null)
    {
        while (!bytes.IsEmpty)
        {
            int take = (int)Math.Min(bytes.Length, chunkBytes - filled);
            hash.AppendData(bytes[..take]);
            (filled, Length) = (filled + take, Length + take);
            bytes = bytes[take..];
            if (filled == chunkBytes) Close(chunkEnded);
        }
    }

    /// <summary>Closes the last, partial chunk (if any bytes of it came).</summary>
    public void End(Action<int>? chunkEnded = null)
    {
        if (filled > 0) Close(chunkEnded);
    }

    private void Close(Action<int>? chunkEnded)
    {
        Digests.Add(hash.GetHashAndReset());
        filled = 0;
        chunkEnded?.Invoke(Digests.Count - 1);
    }

    public void Dispose() => hash.Dispose();
}
