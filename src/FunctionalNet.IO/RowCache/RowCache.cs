using System.Numerics;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// The row cache (<c>.fnetc</c>, docs/formats.md) for library users as for <c>fnet cache</c>: write a labelled data set
/// once (staged beside the target and renamed over it when complete, so no reader sees half a cache), open it with
/// every byte checked, and read ranges of its rows as a training source for <c>Train.Fit</c> without loading them.
/// </summary>
public static class RowCache
{
    /// <summary>Rows per chunk (the unit training shuffles and a reader reads at once) unless told otherwise.</summary>
    public const int DefaultChunkRows = RowCacheWriter.DefaultChunkRows;

    /// <summary>Chunks whose rows an epoch shuffles together (<c>fnet train --shuffle-window</c>) unless told otherwise.</summary>
    public const int DefaultWindow = 16;

    /// <summary>
    /// Writes <paramref name="data"/>'s features (in float32 when <paramref name="singlePrecision"/>, else float64), class labels or
    /// real-valued targets (one or several columns, float64) and sample weights (when it has them) to <paramref name="path"/>.
    /// Multi-label targets are an error value, as is anything the reader would refuse.
    /// </summary>
    public static Either<Error, RowCacheHeader> Write(Dataset data, string path, bool singlePrecision = true, int chunkRows = DefaultChunkRows,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(path);
        return data.Targets is ClassTargets or ValueTargets { IsMultiLabel: false }
            ? RowCacheWriter.Write(path, data, singlePrecision, chunkRows, cancel)
            : new Error("data.multilabel", $"cache {path}: the data has multi-label targets, and a row cache holds class labels or real-valued targets");
    }

    /// <summary>
    /// Writes a cache from <paramref name="blocks"/> as they come, holding one block and 4 bytes a row of labels (12 with
    /// weights), so a table larger than memory can be cached from a reader that yields it a block at a time.
    /// </summary>
    public static Either<Error, RowCacheHeader> Write(string path, RowCacheShape shape, IEnumerable<RowBlock> blocks, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(blocks);
        return RowCacheWriter.Write(path, shape.FeatureNames.Count, shape.SinglePrecision ? 4 : 8, shape.FeatureNames, shape.ClassNames, shape.ChunkRows,
            shape.Weighted, shape.Regression, blocks, cancel);
    }

    /// <summary>
    /// Writes a cache of the classification table in the CSV text <paramref name="csv"/> (features in float32 when
    /// <paramref name="options"/> says <see cref="CsvOptions.SinglePrecision"/>) in one pass, holding one chunk of rows and
    /// 4 bytes a row of labels: a CSV larger than memory caches. The same bytes as loading the table and writing it.
    /// </summary>
    public static Validation<Error, RowCacheHeader> Write(TextReader csv, string source, string path, CsvOptions options, int chunkRows = DefaultChunkRows,
        CancellationToken cancel = default) =>
        Write(csv, source, path, options, CsvCacheColumns.ClassLabels, chunkRows, cancel);

    /// <summary>
    /// Writes a cache of the CSV text <paramref name="csv"/> whose rows carry <paramref name="columns"/> (a class label or a
    /// regression's target columns, and sample weights or none) in one pass: one chunk of rows is held, and per row its
    /// label (4 bytes) or targets (8 bytes each) and weight (8 bytes). The same bytes as loading the table and writing it.
    /// A regression reads every column in float64 and stores the features in the precision <paramref name="options"/> asks.
    /// </summary>
    public static Validation<Error, RowCacheHeader> Write(TextReader csv, string source, string path, CsvOptions options, CsvCacheColumns columns,
        int chunkRows = DefaultChunkRows, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(columns);
        return CsvCacheWriter.Write(path, csv, source, options, columns, chunkRows, _ => null, cancel);
    }

    /// <summary>
    /// Opens and checks a cache (header, names, a SHA-256 over the file, every label and weight); one line naming the file
    /// and field when not. With <paramref name="statisticsRows"/> (header → leading rows) the same read gathers those rows'
    /// column statistics (<see cref="RowCacheFile.Statistics"/>), for a scaler fitted without a second pass.
    /// </summary>
    public static Either<Error, RowCacheFile> Open(string path, Func<RowCacheHeader, long>? statisticsRows = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RowCacheFile.Open(path, statisticsRows);
    }

    /// <summary>
    /// Opens a cache from its header, names and (format version 4) chunk table alone, the rows to be verified by
    /// <see cref="RowCacheFile.VerifyChunks"/> (each process its own) or in one read by <see cref="RowCacheFile.VerifyTargets"/>
    /// and <see cref="RowCacheFile.VerifyFeatures{TResult}"/>; with <paramref name="statisticsRows"/> the leading rows'
    /// column statistics from the table (<see cref="RowCacheFile.PrefixStatistics"/>). Older caches open verified whole.
    /// </summary>
    public static Either<Error, RowCacheFile> OpenTable(string path, Func<RowCacheHeader, long>? statisticsRows = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RowCacheFile.OpenTable(path, statisticsRows);
    }

    /// <summary>
    /// Rows [<paramref name="first"/>, first + <paramref name="count"/>) of an opened cache as a training source: one-hot
    /// targets of <paramref name="outputs"/> columns (1: the label itself, for a sigmoid output), the cache's sample
    /// weights, features scaled as (x − offset) / divisor when <paramref name="offset"/> is given, and an epoch order
    /// that shuffles within windows of <paramref name="window"/> chunks so reads stay local. A regression cache's targets
    /// (<paramref name="outputs"/> = its target columns) come standardised as (y − targetOffset) / targetDivisor when given.
    /// </summary>
    public static IRowSource<T> Rows<T>(RowCacheFile file, long first, int count, int outputs, IReadOnlyList<double>? offset = null,
        IReadOnlyList<double>? divisor = null, int window = DefaultWindow, IReadOnlyList<double>? targetOffset = null,
        IReadOnlyList<double>? targetDivisor = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (first + count > file.Header.Rows) throw new ArgumentOutOfRangeException(nameof(count), $"rows {first} to {first + count} run past the cache's {file.Header.Rows}");
        if ((offset is null) != (divisor is null)) throw new ArgumentException("give both offset and divisor, or neither", nameof(divisor));
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if ((targetOffset is null) != (targetDivisor is null)) throw new ArgumentException("give both targetOffset and targetDivisor, or neither", nameof(targetDivisor));
        if (file.Header.Regression && outputs != file.Header.Classes)
            throw new ArgumentOutOfRangeException(nameof(outputs), $"the cache holds {file.Header.Classes} target columns, not {outputs}");
        return new CacheRows<T>(file, first, count, outputs, offset, divisor, window, targetOffset, targetDivisor);
    }
}
