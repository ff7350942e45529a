using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FunctionalNet.Cli.Storage;
using FunctionalNet.IO;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.Cli.RowCache;

/// <summary>One block of rows on its way into a cache: features row-major in the cache's precision, and their class labels.</summary>
internal readonly record struct RowBlock(ReadOnlyMemory<byte> Features, ReadOnlyMemory<int> Labels);

/// <summary>
/// Writes a row cache (docs/formats.md) from blocks of rows as they come: only one block and the labels (4 bytes a row)
/// are held. The file is staged beside the target and renamed over it when complete, so a reader never sees half of one.
/// </summary>
internal static class RowCacheWriter
{
    /// <summary>Rows per chunk a cache is written with unless told otherwise.</summary>
    public const int DefaultChunkRows = 4096;

    /// <summary>Writes a cache of <paramref name="data"/> in float32 or float64, in blocks of the chunk size.</summary>
    public static Either<CliError, RowCacheHeader> Write(string path, Dataset data, bool float32, int chunkRows = DefaultChunkRows) =>
        Write(path, data.FeatureCount, float32 ? 4 : 8, data.FeatureNames, data.Classes.ClassNames, chunkRows, Blocks(data, float32, chunkRows));

    /// <summary>Writes a cache from <paramref name="blocks"/>; labels must lie in 0…classes−1.</summary>
    public static Either<CliError, RowCacheHeader> Write(string path, int features, int valueBytes, IReadOnlyList<string> featureNames,
        IReadOnlyList<string> classNames, int chunkRows, IEnumerable<RowBlock> blocks)
    {
        if (!BitConverter.IsLittleEndian) return new CliError(new Error("cache.endianness", "row caches are little-endian; this machine is not"));
        if (!RowCacheHeader.EncodeNames(featureNames, classNames).MapLeft(e => new CliError(e)).TryRight(out var names, out var problem)) return problem;
        return Files.Guard<RowCacheHeader>(path, "cache", () =>
        {
            string temp = path + "." + Guid.NewGuid().ToString("N")[..8] + AtomicWrite.TempSuffix;
            bool done = false;
            try
            {
                RowCacheHeader header;
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20))
                using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    stream.Write(new byte[RowCacheHeader.Size]);
                    var labels = new List<int>();
                    long rows = 0;
                    foreach (var block in blocks)
                    {
                        stream.Write(block.Features.Span);
                        hash.AppendData(block.Features.Span);
                        foreach (int label in block.Labels.Span)
                        {
                            if ((uint)label >= (uint)classNames.Count)
                                return new CliError(new Error("cache.label", $"row {labels.Count + 1}: label {label} is not one of the {classNames.Count} classes"));
                            labels.Add(label);
                        }
                        rows += block.Labels.Length;
                    }
                    if (rows == 0) return new CliError(new Error("cache.rows", "the data has no rows to cache"));
                    var labelBytes = MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(labels));
                    stream.Write(labelBytes);
                    hash.AppendData(labelBytes);
                    stream.Write(names);
                    hash.AppendData(names);
                    header = new RowCacheHeader(rows, features, valueBytes, classNames.Count, chunkRows, names.Length, default).WithoutChecksum();
                    if (stream.Length != header.FileLength)
                        return new CliError(new Error("cache.rows", $"the blocks held {stream.Length - RowCacheHeader.Size - labelBytes.Length - names.Length} feature bytes, expected {rows} rows × {features} × {valueBytes}"));
                    hash.AppendData(header.Encode());
                    header = header with { Checksum = [.. hash.GetHashAndReset()] };
                    stream.Position = 0;
                    stream.Write(header.Encode());
                    stream.Flush(flushToDisk: true);
                }
                AtomicWrite.Commit(temp, path);
                done = true;
                return header;
            }
            finally
            {
                if (!done && File.Exists(temp)) File.Delete(temp);
            }
        });
    }

    // The loaded table in blocks of its own storage (no copy when the precision matches).
    private static IEnumerable<RowBlock> Blocks(Dataset data, bool float32, int chunkRows)
    {
        int n = data.FeatureCount;
        var single = float32 ? data.FeaturesIn<float>() : null;
        var wide = float32 ? null : data.FeaturesIn<double>();
        for (int start = 0; start < data.Count; start += chunkRows)
        {
            int rows = Math.Min(chunkRows, data.Count - start);
            var labels = data.Labels.AsSpan().Slice(start, rows).ToArray();
            ReadOnlyMemory<byte> bytes = single is not null
                ? MemoryMarshal.AsBytes(single.Span.Slice(start * n, rows * n)).ToArray()
                : MemoryMarshal.AsBytes(wide!.Span.Slice(start * n, rows * n)).ToArray();
            yield return new RowBlock(bytes, labels);
        }
    }
}
