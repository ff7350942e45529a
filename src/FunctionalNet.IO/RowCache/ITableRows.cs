using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Data.Loading;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// A table read once from its start, each row handed to a sink as it is read (CSV text a line at a time, a Parquet file a
/// row group at a time), keeping only the targets: what <see cref="CsvCacheWriter"/> streams into a cache, so one writer
/// (its row layout, checks and chunking) serves every source format.
/// </summary>
internal interface ITableRows
{
    /// <summary>
    /// Reads the table as <paramref name="options"/> say (label column, task, precision), handing each row of the columns
    /// besides a class label (in <typeparamref name="T"/>) to the sink <paramref name="sink"/> makes for the row's width and
    /// the column names (default when unknown); the rows, names and targets as <see cref="CsvLoader.Stream{T}"/> gives them.
    /// </summary>
    Validation<Error, CsvTable> Read<T>(CsvOptions options, Func<int, ImmutableArray<string>, IFeatureSink<T>> sink) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>CSV text as <see cref="ITableRows"/>: <see cref="CsvLoader.Stream{T}"/> over <paramref name="reader"/>.</summary>
internal sealed class CsvTextRows(TextReader reader, string source) : ITableRows
{
    public Validation<Error, CsvTable> Read<T>(CsvOptions options, Func<int, ImmutableArray<string>, IFeatureSink<T>> sink) where T : unmanaged, IFloatingPointIeee754<T> =>
        CsvLoader.Stream(reader, source, options, sink);
}
