using System.Runtime.InteropServices;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// Writes a row cache (docs/formats.md) from blocks of rows as they come: only one block, the labels (4 bytes a row)
/// and any sample weights (8 bytes a row) are held. The file is staged as <see cref="AtomicWrite"/> stages (beside the target, or in the temporary directory for
/// a device or FIFO) and renamed over it (or copied through) when complete, so a reader never sees half of one;
/// a write that fails or is interrupted removes its staged file, and one killed outright (SIGXFSZ, SIGKILL) leaves one
/// that the next write to the same path removes.
/// </summary>
internal static class RowCacheWriter
{
    /// <summary>Rows per chunk a cache is written with unless told otherwise.</summary>
    public const int DefaultChunkRows = 4096;

    /// <summary>The line (exit 130) of a write ended by Ctrl+C or SIGTERM.</summary>
    public static Error Interrupted(string path) => new("cache.interrupted", $"interrupted; no cache was written, {path} is as it was");

    /// <summary>
    /// Writes a cache of <paramref name="data"/> (class labels or real-valued targets, and its sample weights when it has
    /// them) in float32 or float64, in blocks of the chunk size. Only names the source gave are written: a header-less
    /// source's features get empty names (docs/formats.md), not placeholders.
    /// </summary>
    public static Either<Error, RowCacheHeader> Write(string path, Dataset data, bool float32, int chunkRows = DefaultChunkRows,
        CancellationToken cancel = default)
    {
        var values = data.Targets as ValueTargets;
        if (!Shape(path, data.FeatureCount, float32 ? 4 : 8, data.GivenFeatureNames.IsEmpty ? [.. Enumerable.Repeat("", data.FeatureCount)] : data.GivenFeatureNames,
                values?.Names ?? data.Classes.ClassNames, chunkRows, !data.Weights.IsDefault, regression: values is not null).TryRight(out var checkedShape, out var problem))
            return problem;
        return Stage(path, stream => Staged(stream, checkedShape.Shape, checkedShape.Names, Blocks(data, float32, chunkRows), cancel));
    }

    /// <summary>
    /// Writes a cache from <paramref name="blocks"/>; labels must lie in 0…classes−1. The shape is checked first as
    /// <see cref="RowCacheFile.Open"/> checks it, so a cache the reader would refuse is refused here with the same line.
    /// </summary>
    public static Either<Error, RowCacheHeader> Write(string path, int features, int valueBytes, IReadOnlyList<string> featureNames,
        IReadOnlyList<string> classNames, int chunkRows, IEnumerable<RowBlock> blocks, CancellationToken cancel = default) =>
        Write(path, features, valueBytes, featureNames, classNames, chunkRows, weighted: false, blocks, cancel);

    /// <summary>As the writer above, with <paramref name="weighted"/>: every block carries a finite weight ≥ 0 per row.</summary>
    public static Either<Error, RowCacheHeader> Write(string path, int features, int valueBytes, IReadOnlyList<string> featureNames,
        IReadOnlyList<string> classNames, int chunkRows, bool weighted, IEnumerable<RowBlock> blocks, CancellationToken cancel = default) =>
        Write(path, features, valueBytes, featureNames, classNames, chunkRows, weighted, regression: false, blocks, cancel);

    /// <summary>As the writer above, with <paramref name="regression"/>: every block carries its rows' target values instead of labels.</summary>
    public static Either<Error, RowCacheHeader> Write(string path, int features, int valueBytes, IReadOnlyList<string> featureNames,
        IReadOnlyList<string> classNames, int chunkRows, bool weighted, bool regression, IEnumerable<RowBlock> blocks, CancellationToken cancel = default)
    {
        if (!Shape(path, features, valueBytes, featureNames, classNames, chunkRows, weighted, regression).TryRight(out var checkedShape, out var problem)) return problem;
        var (shape, names) = checkedShape;
        return Stage(path, stream => Staged(stream, shape, names, blocks, cancel));
    }

    /// <summary>
    /// The header of a cache of this shape (one row, no checksum) and its names table, checked as <see cref="RowCacheFile.Open"/>
    /// checks them, so a cache the reader would refuse is refused before it is written, with the reader's line. With
    /// <paramref name="regression"/> the class names are the target columns' names.
    /// </summary>
    public static Either<Error, (RowCacheHeader Shape, byte[] Names)> Shape(string path, int features, int valueBytes, IReadOnlyList<string> featureNames,
        IReadOnlyList<string> classNames, int chunkRows, bool weighted, bool regression = false)
    {
        if (!BitConverter.IsLittleEndian) return new Error("cache.endianness", "row caches are little-endian; this machine is not");
        if (!RowCacheHeader.EncodeNames(featureNames, classNames).TryRight(out var names, out var problem)) return problem;
        var shape = new RowCacheHeader(1, features, valueBytes, classNames.Count, chunkRows, names.Length, default, weighted, regression, ChunkTable: true);
        if (!RowCacheHeader.Decode(shape.Encode(), shape.FileLength).MapLeft(e => RowCacheFile.Bad(path, e)).TryRight(out _, out problem)) return problem;
        return (shape, names);
    }

    /// <summary>
    /// Runs <paramref name="write"/> on a staged file for <paramref name="path"/> and renames it over the path when it
    /// succeeds; the staged file is removed when it fails, is interrupted (exit 130's line) or throws.
    /// </summary>
    public static Either<Error, RowCacheHeader> Stage(string path, Func<FileStream, Either<Error, RowCacheHeader>> write) =>
        IoErrors.Guard<RowCacheHeader>(path, "cache", () =>
        {
            RemoveStale(path);
            // Staged where every other path option stages (beside a regular file or a link's target; for a device,
            // FIFO or /dev/stdout, in the temporary directory, to be copied through).
            string temp = AtomicWrite.TempPath(path);
            bool done = false;
            FileStream stream;
            // Created and registered under the exit's lock: a SIGTERM between the two, or before them, would otherwise let
            // the exit pass over a staged file this thread creates a moment later (CacheSignalTests failed so once, in a full run).
            lock (Exit)
            {
                if (exiting) return Interrupted(path);
                // FileShare.None is an exclusive flock on Unix, held while staging: RemoveStale passes over a live write.
                stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
                Unfinished[temp] = true;
            }
            try
            {
                RowCacheHeader header;
                using (stream)
                {
                    if (!write(stream).TryRight(out header, out var failure))
                        return failure.Code == "cache.interrupted" ? Interrupted(path) : failure;
                }
                // Released first: a copy through to a device reads the staged file, which the flock would refuse.
                AtomicWrite.Commit(temp, path);
                done = true;
                return header;
            }
            catch (ArgumentOutOfRangeException e)
            {
                // .NET reports errno EFBIG (ulimit -f with SIGXFSZ ignored, or the file system's limit) as this.
                throw new FileTooLargeException(path, e);
            }
            finally
            {
                if (!done) File.Delete(temp);
                Unfinished.TryRemove(temp, out _);
            }
        });

    // Staged files whose write has not ended. A streamed write stages before it reads, so Ctrl+C while it waits on a
    // slow pipe ends the process with the writer still blocked in a read: its staged file goes at exit instead.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Unfinished = new(StringComparer.Ordinal);

    private static readonly Lock Exit = new();
    private static bool exiting;

    static RowCacheWriter() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        lock (Exit) exiting = true;
        foreach (var temp in Unfinished.Keys)
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // Left for RemoveStale, which clears staged files of earlier writes to the same path.
            }
        }
    };

    // The whole cache into the staged file, checksum last; Left with exit 130 when cancelled between blocks.
    private static Either<Error, RowCacheHeader> Staged(FileStream stream, RowCacheHeader shape, byte[] names, IEnumerable<RowBlock> blocks,
        CancellationToken cancel)
    {
        stream.Write(new byte[RowCacheHeader.Size]);
        using var table = new ChunkTableWriter(stream, shape.Features, shape.ValueBytes, shape.ChunkRows);
        var labels = new List<int>();
        var values = new List<double>();
        var weights = new List<double>();
        int classes = shape.Classes;
        long rows = 0;
        foreach (var block in blocks)
        {
            if (cancel.IsCancellationRequested) return new Error("cache.interrupted", "interrupted");
            table.Features(block.Features.Span);
            foreach (int label in block.Labels.Span)
            {
                if ((uint)label >= (uint)classes || shape.Regression)
                    return new Error("cache.label", shape.Regression ? "a regression cache's blocks carry target values, not class labels"
                        : $"row {labels.Count + 1}: label {label} is not one of the {classes} classes");
                labels.Add(label);
            }
            if (Targets(block, shape, values) is { } wrong) return wrong;
            int blockRows = shape.Regression ? block.Values.Length / classes : block.Labels.Length;
            if (shape.Weighted && block.Weights.Length != blockRows)
                return new Error("cache.weights", $"a block of {blockRows} rows carries {block.Weights.Length} weights");
            foreach (double w in block.Weights.Span)
            {
                if (!(w >= 0) || double.IsInfinity(w))
                    return new Error("cache.weights", $"row {weights.Count + 1}: weight {w} is not a finite number ≥ 0");
                weights.Add(w);
            }
            rows += blockRows;
        }
        var targets = shape.Regression ? MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(values)) : MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(labels));
        return Finish(stream, table, shape with { Rows = rows }, targets,
            MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(weights)), names, cancel);
    }

    // A regression block's target values (whole rows, each finite) onto values; a class-label block must carry none.
    private static Error? Targets(RowBlock block, RowCacheHeader shape, List<double> values)
    {
        if (!shape.Regression)
            return block.Values.IsEmpty ? null : new Error("cache.targets", "a class-label cache's blocks carry labels, not target values");
        if (block.Values.Length % shape.Classes != 0)
            return new Error("cache.targets", $"a block carries {block.Values.Length} target values, not whole rows of {shape.Classes}");
        foreach (double v in block.Values.Span)
        {
            if (!double.IsFinite(v))
                return new Error("cache.targets", $"row {values.Count / shape.Classes + 1}: target {v} is not a finite number");
            values.Add(v);
        }
        return null;
    }

    /// <summary>
    /// Completes a staged cache whose features (and nothing else) went through <paramref name="table"/>: the labels,
    /// weights and names regions, the chunk table, then the header with the checksum.
    /// </summary>
    public static Either<Error, RowCacheHeader> Finish(FileStream stream, ChunkTableWriter table, RowCacheHeader shape, ReadOnlySpan<byte> labelBytes,
        ReadOnlySpan<byte> weightBytes, byte[] names, CancellationToken cancel)
    {
        if (Refused(shape) is { } refused) return refused;
        table.Targets(labelBytes, (int)shape.TargetBytes);
        table.Weights(weightBytes);
        return Close(stream, table, shape, names, cancel);
    }

    /// <summary>
    /// The problem with a cache of <paramref name="shape"/>'s row count (none, more than an array holds, or a chunk table
    /// past the reader's bound), or null.
    /// </summary>
    public static Error? Refused(RowCacheHeader shape) =>
        shape.Rows == 0 ? new Error("cache.rows", "the data has no rows to cache")
        : shape.Rows > Array.MaxLength ? new Error("cache.rows", $"rows is {shape.Rows}, more than fnet trains on ({Array.MaxLength})")
        : RowCacheHeader.Decode(shape.Encode(), shape.FileLength).LeftToSeq().FirstOrDefault();

    /// <summary>
    /// Completes a staged cache whose features, labels (or targets) and weights went through <paramref name="table"/>: the
    /// names region and the chunk table, then the header with the checksum.
    /// </summary>
    public static Either<Error, RowCacheHeader> Close(FileStream stream, ChunkTableWriter table, RowCacheHeader shape, byte[] names, CancellationToken cancel)
    {
        if (!table.Finish(shape, names).TryRight(out var header, out var problem)) return problem;
        stream.Position = 0;
        stream.Write(header.Encode());
        stream.Flush(flushToDisk: true);
        if (cancel.IsCancellationRequested) return new Error("cache.interrupted", "interrupted");
        return header;
    }

    // Staged files of earlier writes to this path that were killed before they could remove them (SIGXFSZ, SIGKILL):
    // a write still running holds its own locked, and is passed over.
    private static void RemoveStale(string path)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory)) return;
        foreach (var stale in Directory.EnumerateFiles(directory, Path.GetFileName(path) + ".*" + AtomicWrite.TempSuffix))
        {
            try
            {
                using (new FileStream(stale, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                File.Delete(stale);
            }
            catch (IOException)
            {
                // Held by a live write, or gone already: either way not ours to remove.
            }
        }
    }

    // The loaded table in blocks of its own storage (no copy when the precision matches).
    private static IEnumerable<RowBlock> Blocks(Dataset data, bool float32, int chunkRows)
    {
        int n = data.FeatureCount;
        var single = float32 ? data.FeaturesIn<float>() : null;
        var wide = float32 ? null : data.FeaturesIn<double>();
        var values = (data.Targets as ValueTargets)?.Values;
        for (int start = 0; start < data.Count; start += chunkRows)
        {
            int rows = Math.Min(chunkRows, data.Count - start);
            int[] labels = values is null ? data.Labels.AsSpan().Slice(start, rows).ToArray() : [];
            double[] targets = values is null ? [] : values.Span.Slice(start * values.Cols, rows * values.Cols).ToArray();
            var weights = data.Weights.IsDefault ? default : data.Weights.AsMemory().Slice(start, rows);
            ReadOnlyMemory<byte> bytes = single is not null
                ? MemoryMarshal.AsBytes(single.Span.Slice(start * n, rows * n)).ToArray()
                : MemoryMarshal.AsBytes(wide!.Span.Slice(start * n, rows * n)).ToArray();
            yield return new RowBlock(bytes, labels, weights, targets);
        }
    }
}
