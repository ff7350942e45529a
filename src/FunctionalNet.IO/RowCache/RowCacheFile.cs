using System.Buffers.Binary;
using System.Collections.Immutable;
using Microsoft.Win32.SafeHandles;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// An opened row cache — verified whole by <see cref="Open"/>, or (format version 4) opened from its chunk table by
/// <see cref="OpenTable"/> and verified chunk by chunk: its header and names, every row's class label (4 bytes a row, read once) or real-valued
/// targets (8 bytes a row and target column), and the
/// open file, which <see cref="CacheRows{T}"/> reads by position (a file replaced by rename is still the one verified).
/// </summary>
public sealed partial class RowCacheFile : IDisposable
{
    private RowCacheFile(string path, RowCacheHeader header, ImmutableArray<string> featureNames, ImmutableArray<string> classNames, int[] labels,
        SafeFileHandle handle)
    {
        GivenFeatureNames = featureNames.All(name => name.Length == 0) ? [] : featureNames;
        (Path, Header, FeatureNames, targetNames, Labels, Handle) = (path, header, Shown(featureNames), classNames, labels, handle);
    }

    // Names for messages and pictures: a cache of a header-less source holds empty ones, shown as x0, x1, ….
    private static ImmutableArray<string> Shown(ImmutableArray<string> names) => names.All(name => name.Length == 0)
        ? [.. Enumerable.Range(0, names.Length).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"x{i}"))]
        : names;

    /// <summary>The file's path as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>The decoded, checked header: shape, precision, chunking, whether rows carry weights.</summary>
    public RowCacheHeader Header { get; }

    /// <summary>The feature names, placeholders (x0, x1, …) when the cache holds none.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>The names the cache's source gave (none for a header-less source), as <see cref="FunctionalNet.Dataset.GivenFeatureNames"/>.</summary>
    public ImmutableArray<string> GivenFeatureNames { get; }

    /// <summary>The class names; class i is label i. Empty for a regression cache.</summary>
    public ImmutableArray<string> ClassNames => Header.Regression ? [] : targetNames;

    /// <summary>The names of a regression cache's target columns (empty for class labels).</summary>
    public ImmutableArray<string> TargetNames => Header.Regression ? targetNames : [];

    private readonly ImmutableArray<string> targetNames;

    /// <summary>Every row's class label (all zero in a regression cache).</summary>
    internal int[] Labels { get; }

    /// <summary>A regression cache's targets, rows × target columns row-major (all finite); null for class labels.</summary>
    internal double[]? Values { get; private init; }

    /// <summary>Every row's sample weight (finite, ≥ 0), or null for a cache without weights.</summary>
    internal double[]? Weights { get; private init; }

    /// <summary>
    /// The column statistics of the first rows, when <see cref="Open"/> or <see cref="OpenTable"/> was asked for them: gathered
    /// in the pass that checks the checksum (a version-4 cache: merged from its chunk table), in chunks of the cache's chunk
    /// size, so they equal <see cref="ColumnStatistics.Of{T}"/> over those rows read chunk by chunk afterwards — without
    /// that second pass. Null when not asked.
    /// </summary>
    public ColumnStatistics? Statistics { get; private set; }

    /// <summary>The largest magnitude of any feature value (all are finite).</summary>
    public double LargestMagnitude { get; private init; }

    /// <summary>The file, open for reading.</summary>
    internal SafeFileHandle Handle { get; }

    /// <summary>Whether <paramref name="path"/> names a cache by its extension.</summary>
    public static bool Named(string path) => path.EndsWith(".fnetc", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens and checks a cache: header fields, names, a streaming SHA-256 over the whole file (a version-4 cache: over its
    /// names and chunk table, then every chunk against its own) and every label's range.
    /// Any problem is one line naming the file and the field. With <paramref name="statisticsRows"/> (the header → how many
    /// leading rows, 0 for none) the same pass gathers those rows' <see cref="Statistics"/> (a version-4 cache: the chunk
    /// table's, <see cref="PrefixStatistics"/>).
    /// </summary>
    public static Either<Error, RowCacheFile> Open(string path, Func<RowCacheHeader, long>? statisticsRows = null) => OpenFile(path, statisticsRows, verify: true);

    private static Either<Error, RowCacheFile> OpenFile(string path, Func<RowCacheHeader, long>? statisticsRows, bool verify) => IoErrors.Guard<RowCacheFile>(path, "cache", () =>
    {
        if (!File.Exists(path)) return Bad(path, "file.missing", Directory.Exists(path) ? "is a directory, expected a file" : "does not exist");
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long length = RandomAccess.GetLength(handle);
            var head = new byte[RowCacheHeader.Size];
            int got = ReadAt(handle, head, 0);
            if (!RowCacheHeader.Decode(head.AsSpan(0, got), length).MapLeft(e => Bad(path, e)).TryRight(out var header, out var problem)) return problem;
            if (header.Rows > Array.MaxLength) return Bad(path, "cache.rows", $"rows is {header.Rows}, more than fnet trains on ({Array.MaxLength})");
            var names = new byte[header.NamesLength];
            if (ReadAt(handle, names, header.NamesOffset) != names.Length) return Bad(path, "cache.file_length", $"the file ended before its names table, at byte {header.NamesOffset}");
            if (header.ChunkTable)
            {
                var tabled = Tabled(path, handle, header, names, got + names.Length, statisticsRows, verify);
                if (tabled.IsRight) handle = null;
                return tabled;
            }
            if (!header.DecodeNames(names).MapLeft(e => Bad(path, e)).TryRight(out var decoded, out problem)) return problem;
            var labels = new int[header.Rows];
            long statistics = Math.Clamp(statisticsRows?.Invoke(header) ?? 0, 0, header.Rows);
            var feed = statistics > 0 ? new StatisticsFeed(header.Features, header.ChunkRows, statistics) : null;
            if (Verify(handle, header, Shown(decoded.Features), labels, feed, out double largest) is { } failure) return Bad(path, failure);
            if (ReadWeights(handle, header, out var weights) is { } refused) return Bad(path, refused);
            if (ReadValues(handle, header, out var values) is { } wrong) return Bad(path, wrong);
            var file = new RowCacheFile(path, header, decoded.Features, decoded.Classes, labels, handle) { LargestMagnitude = largest, Weights = weights, Values = values, Statistics = feed?.Result() };
            handle = null;
            return file;
        }
        finally
        {
            handle?.Dispose(); // a refused file; an accepted one is the RowCacheFile's to close
        }
    });

    // A weighted cache's weights (read once the checksum holds), each finite and ≥ 0 as a batch takes them; null without.
    private static Error? ReadWeights(SafeFileHandle handle, RowCacheHeader header, out double[]? read)
    {
        read = null;
        if (!header.Weighted) return null;
        var weights = new double[header.Rows];
        if (ReadAt(handle, MemoryMarshal.AsBytes(weights.AsSpan()), header.WeightsOffset) != weights.Length * sizeof(double))
            return new Error("cache.file_length", $"the file ended before its weights, at byte {header.WeightsOffset}");
        for (int r = 0; r < weights.Length; r++)
            if (!(weights[r] >= 0) || double.IsInfinity(weights[r]))
                return new Error("cache.weights", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"row {r + 1} has sample weight {weights[r]:R}, expected a finite number ≥ 0"));
        read = weights;
        return null;
    }

    // A regression cache's targets (read once the checksum holds), each finite; null for class labels.
    private static Error? ReadValues(SafeFileHandle handle, RowCacheHeader header, out double[]? read)
    {
        read = null;
        if (!header.Regression) return null;
        var values = new double[header.Rows * header.Classes];
        if (ReadAt(handle, MemoryMarshal.AsBytes(values.AsSpan()), header.TargetsOffset) != values.Length * sizeof(double))
            return new Error("cache.file_length", $"the file ended before its targets, at byte {header.TargetsOffset}");
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        if (bad >= 0)
            return new Error("cache.targets", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"row {bad / header.Classes + 1}, target {bad % header.Classes + 1} holds {values[bad]:R}, expected a finite number"));
        read = values;
        return null;
    }

    // Fills as much of buffer as the file holds from offset on; the count read.
    private static int ReadAt(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int got = 0;
        for (int n; got < buffer.Length && (n = RandomAccess.Read(handle, buffer[got..], offset + got)) > 0;) got += n;
        return got;
    }

    // One pass from the end of the header to the end of the file: the checksum's input, and on the way every label.
    // A non-finite feature is reported only once the checksum holds: a damaged file is said to be damaged.
    private static Error? Verify(SafeFileHandle handle, RowCacheHeader header, ImmutableArray<string> featureNames, int[] labels, StatisticsFeed? feed,
        out double largest)
    {
        largest = 0;
        Error? nonFinite = null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long position = RowCacheHeader.Size;
        while (position < header.FileLength)
        {
            int n = ReadAt(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, header.FileLength - position)), position);
            if (n == 0) return new Error("cache.file_length", $"the file ended at byte {position}, the header says {header.FileLength}");
            hash.AppendData(buffer, 0, n);
            // 1 MiB buffers start at multiples of the value size past the header, so no value straddles two either.
            if (position < header.TargetsOffset)
            {
                var values = buffer.AsSpan(0, (int)Math.Min(n, header.TargetsOffset - position));
                nonFinite ??= header.ValueBytes == 4 ? Scan(MemoryMarshal.Cast<byte, float>(values), position, header, featureNames, ref largest)
                    : Scan(MemoryMarshal.Cast<byte, double>(values), position, header, featureNames, ref largest);
                if (header.ValueBytes == 4) feed?.Add(MemoryMarshal.Cast<byte, float>(values));
                else feed?.Add(MemoryMarshal.Cast<byte, double>(values));
            }
            // Buffers start at multiples of 4 past the header and the labels start at one too, so no label straddles two.
            long from = Math.Max(position, header.TargetsOffset), to = header.Regression ? from : Math.Min(position + n, header.WeightsOffset);
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
        return sum.AsSpan().SequenceEqual(header.Checksum.AsSpan()) ? nonFinite
            : new Error("cache.checksum", $"checksum is {Convert.ToHexStringLower(header.Checksum.AsSpan())}, the contents hash to {Convert.ToHexStringLower(sum)}: the file is damaged");
    }

    /// <summary>The first value of feature bytes read at file offset <paramref name="position"/> that is NaN or infinite, by row and column; the largest magnitude seen.</summary>
    internal static Error? Scan(ReadOnlySpan<byte> values, long position, RowCacheHeader header, ImmutableArray<string> featureNames, ref double largest) =>
        header.ValueBytes == 4 ? Scan(MemoryMarshal.Cast<byte, float>(values), position, header, Shown(featureNames), ref largest)
            : Scan(MemoryMarshal.Cast<byte, double>(values), position, header, Shown(featureNames), ref largest);

    // The first value that is NaN or infinite (by row and column), and the largest magnitude seen, over values starting at byte position.
    private static Error? Scan<TValue>(ReadOnlySpan<TValue> values, long position, RowCacheHeader header, ImmutableArray<string> featureNames, ref double largest)
        where TValue : unmanaged, System.Numerics.IFloatingPointIeee754<TValue>
    {
        // One vectorised pass (NaN and ∞ carry through the maximum); the value-by-value search only for a bad buffer.
        double most = double.CreateTruncating(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values));
        if (double.IsFinite(most))
        {
            largest = Math.Max(largest, Math.Abs(most));
            return null;
        }
        for (int i = 0; i < values.Length; i++)
        {
            double v = double.CreateTruncating(values[i]);
            if (double.IsFinite(v)) continue;
            long index = (position - RowCacheHeader.Size) / header.ValueBytes + i;
            int column = (int)(index % header.Features);
            return new Error("cache.non-finite", $"row {index / header.Features + 1}, column {column + 1} (\"{featureNames[column]}\") holds {(double.IsNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf")}, not a finite feature value; rewrite the cache from finite data");
        }
        return null;
    }

    /// <summary>A problem with the cache at <paramref name="path"/>, as one line naming it (the writer refuses with the same line).</summary>
    internal static Error Bad(string path, Error error) => error with { Message = $"cache {path}: {error.Message}" };

    private static Error Bad(string path, string code, string message) => Bad(path, new Error(code, message));

    /// <summary>Closes the file.</summary>
    public void Dispose() => Handle.Dispose();
}
