using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.Cli.RowCache;

/// <summary>
/// An opened, verified row cache: its header and names, every row's class label (4 bytes a row, read once), and the
/// file memory-mapped read-only for <see cref="MappedRows{T}"/> to map chunk by chunk.
/// </summary>
internal sealed class RowCacheFile : IDisposable
{
    private RowCacheFile(string path, RowCacheHeader header, ImmutableArray<string> featureNames, ImmutableArray<string> classNames, int[] labels,
        MemoryMappedFile map)
    {
        (Path, Header, FeatureNames, ClassNames, Labels, Map) = (path, header, featureNames, classNames, labels, map);
    }

    public string Path { get; }

    public RowCacheHeader Header { get; }

    public ImmutableArray<string> FeatureNames { get; }

    public ImmutableArray<string> ClassNames { get; }

    /// <summary>Every row's class label.</summary>
    public int[] Labels { get; }

    public MemoryMappedFile Map { get; }

    /// <summary>Whether <paramref name="path"/> names a cache by its extension.</summary>
    public static bool Named(string path) => path.EndsWith(".fnetc", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens and checks a cache: header fields, names, a streaming SHA-256 over the whole file and every label's range.
    /// Any problem is one line naming the file and the field.
    /// </summary>
    public static Either<CliError, RowCacheFile> Open(string path) => Files.Guard<RowCacheFile>(path, "cache", () =>
    {
        if (!File.Exists(path)) return Bad(path, "file.missing", Directory.Exists(path) ? "is a directory, expected a file" : "does not exist");
        RowCacheHeader header;
        ImmutableArray<string> features, classes;
        int[] labels;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        {
            var head = new byte[RowCacheHeader.Size];
            int got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (!RowCacheHeader.Decode(head.AsSpan(0, got), stream.Length).MapLeft(e => Bad(path, e)).TryRight(out header!, out var problem)) return problem;
            if (header.Rows > Array.MaxLength) return Bad(path, "cache.rows", $"rows is {header.Rows}, more than fnet trains on ({Array.MaxLength})");
            var names = new byte[header.NamesLength];
            stream.Position = header.NamesOffset;
            stream.ReadExactly(names);
            if (!header.DecodeNames(names).MapLeft(e => Bad(path, e)).TryRight(out var decoded, out problem)) return problem;
            (features, classes) = decoded;
            labels = new int[header.Rows];
            if (Verify(stream, header, labels) is { } failure) return Bad(path, failure);
        }
        return new RowCacheFile(path, header, features, classes, labels, MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read));
    });

    // One pass from the end of the header to the end of the file: the checksum's input, and on the way every label.
    private static Error? Verify(FileStream stream, RowCacheHeader header, int[] labels)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        stream.Position = RowCacheHeader.Size;
        long position = RowCacheHeader.Size;
        while (position < header.FileLength)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, header.FileLength - position));
            if (n == 0) return new Error("cache.file_length", $"the file ended at byte {position}, the header says {header.FileLength}");
            hash.AppendData(buffer, 0, n);
            // Buffers start at multiples of 4 past the header and the labels start at one too, so no label straddles two.
            long from = Math.Max(position, header.TargetsOffset), to = Math.Min(position + n, header.NamesOffset);
            for (long at = from; at < to; at += 4)
            {
                int label = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan((int)(at - position), 4));
                long row = (at - header.TargetsOffset) / 4;
                if ((uint)label >= (uint)header.Classes)
                    return new Error("cache.labels", $"row {row + 1} has class label {label}, expected 0 to {header.Classes - 1}");
                labels[row] = label;
            }
            position += n;
        }
        hash.AppendData(header.WithoutChecksum().Encode());
        var sum = hash.GetHashAndReset();
        return sum.AsSpan().SequenceEqual(header.Checksum.AsSpan()) ? null
            : new Error("cache.checksum", $"checksum is {Convert.ToHexStringLower(header.Checksum.AsSpan())}, the contents hash to {Convert.ToHexStringLower(sum)}: the file is damaged");
    }

    /// <summary>A problem with the cache at <paramref name="path"/>, as one line naming it (the writer refuses with the same line).</summary>
    internal static CliError Bad(string path, Error error) => new(error with { Message = $"cache {path}: {error.Message}" });

    private static CliError Bad(string path, string code, string message) => Bad(path, new Error(code, message));

    public void Dispose() => Map.Dispose();
}
