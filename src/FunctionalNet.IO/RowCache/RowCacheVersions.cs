using System.Security.Cryptography;
using FunctionalNet.Formats;

namespace FunctionalNet.IO;

/// <summary>
/// A version-4 cache rewritten as the version 2 or 3 cache of the same rows (no chunk table, the checksum over the whole
/// file) — what an older fnet wrote, and what still opens the old way: so the two reading paths can be compared.
/// </summary>
internal static class RowCacheVersions
{
    /// <summary>Writes <paramref name="source"/> (version 4) to <paramref name="target"/> without its chunk table.</summary>
    public static void WithoutTable(string source, string target)
    {
        var bytes = File.ReadAllBytes(source);
        var header = RowCacheHeader.Decode(bytes, bytes.Length).Match(h => h, e => throw new InvalidDataException(e.Message));
        var older = header with { ChunkTable = false };
        var body = bytes.AsSpan(RowCacheHeader.Size, (int)(older.FileLength - RowCacheHeader.Size));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(body);
        hash.AppendData(older.WithoutChecksum().Encode());
        using var file = File.Create(target);
        file.Write((older with { Checksum = [.. hash.GetHashAndReset()] }).Encode());
        file.Write(body);
    }
}
