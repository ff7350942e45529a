using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// Writes a row cache straight from CSV text (or any <see cref="ITableRows"/>: a Parquet file's row groups) in one pass, whatever its rows carry (<see cref="CsvCacheColumns"/>: a
/// class label or a regression's targets, and sample weights or none): each chunk of feature rows goes to the staged
/// file as it fills, so memory holds one chunk and, per row, 4 bytes of label or 8 a target column, and 8 of weight.
/// Class names are only known at the end (classes sort numerically or by name), and so are the labels, which are written
/// after the features anyway. A header of numeric names (recognised only at the end) already went out as the first
/// row: that case alone reads the staged features a second time, to move them up one row. Every check the loaded table
/// gets (weights, continuous labels, a feature past float32) is made on the way or at the end, so the errors are its too.
/// </summary>
internal static class CsvCacheWriter
{
    /// <summary>
    /// The cache of the CSV text in <paramref name="reader"/>, byte for byte the one <see cref="RowCacheWriter"/> writes from
    /// the same table loaded in memory. <paramref name="accept"/> may refuse the table's class labels (one line) before
    /// anything is renamed into place. CSV problems come as the loader's errors (all of them), a write's as one. A
    /// regression reads every column as float64 (as its loaded table does) and rounds the features to the cache's precision.
    /// </summary>
    public static Validation<Error, RowCacheHeader> Write(string path, TextReader reader, string source, CsvOptions options, CsvCacheColumns columns,
        int chunkRows, Func<ClassTargets, Error?> accept, CancellationToken cancel) =>
        Write(path, new CsvTextRows(reader, source), source, options, columns, chunkRows, accept, cancel);

    /// <summary>
    /// As the writer above, from any table read once row by row (<see cref="ITableRows"/>: CSV text, a Parquet file's row
    /// groups); its read errors come as they are, all of them.
    /// </summary>
    public static Validation<Error, RowCacheHeader> Write(string path, ITableRows reader, string source, CsvOptions options, CsvCacheColumns columns,
        int chunkRows, Func<ClassTargets, Error?> accept, CancellationToken cancel)
    {
        Seq<Error> csvErrors = default;
        var written = RowCacheWriter.Stage(path, stream =>
        {
            stream.Write(new byte[RowCacheHeader.Size]);
            try
            {
                return (columns.Regression, options.SinglePrecision) switch
                {
                    (false, true) => Staged<float, float>(stream),
                    (true, true) => Staged<double, float>(stream),
                    _ => Staged<double, double>(stream),
                };
            }
            catch (OperationCanceledException)
            {
                return new Error("cache.interrupted", "interrupted");
            }
        });
        return csvErrors.IsEmpty ? written.ToValidation() : Validation<Error, RowCacheHeader>.Fail(csvErrors);

        // TRead: the precision cells are parsed in; TValue: the cache's.
        Either<Error, RowCacheHeader> Staged<TRead, TValue>(FileStream stream)
            where TRead : unmanaged, IFloatingPointIeee754<TRead> where TValue : unmanaged, IFloatingPointIeee754<TValue>
        {
            RowSink<TRead, TValue>? sink = null;
            ChunkTableWriter? moved = null;
            try
            {
                var read = reader.Read<TRead>(options with { Task = columns.Regression ? CsvTask.Unlabelled : CsvTask.Classification },
                    (width, names) =>
                    {
                        var rowLayout = CsvRowLayout.Of(width, names, columns, source);
                        var chunks = new ChunkTableWriter(stream, Math.Max(1, rowLayout.Features.Length), Unsafe.SizeOf<TValue>(), chunkRows);
                        return sink = new RowSink<TRead, TValue>(chunks, width, rowLayout, chunkRows, cancel);
                    });
                if (read.IsFail)
                {
                    csvErrors = read.FailToSeq();
                    return csvErrors.Head;
                }
                var table = read.SuccessToSeq().Head;
                sink!.Flush();
                // The names as they stand at the end (a header of numeric names shows itself only then): the parts must be where the rows put them.
                var layout = CsvRowLayout.Of(sink.Width, table.FeatureNames, columns, source);
                if (layout.Problem is { } missing) return missing;
                if (sink.Layout.Problem is not null || sink.Layout.Weight != layout.Weight)
                    return new Error("csv.weight-column", $"{source}: the first line was found to be a header of numeric names only at the end of the file, after the rows were read with weight column \"{columns.Weight}\" placed by the placeholder names x0, x1, …; give the file a header with a non-numeric name");
                int skip = table.SkippedRows;
                if (layout.Weight >= 0 && WeightColumn.Check(skip == 0 ? sink.Weights : [.. sink.Weights.Skip(skip)], layout.WeightName(table.FeatureNames), source) is { } weights) return weights;
                var classes = table.Targets as ClassTargets;
                if (classes is not null && accept(classes) is { } refused) return refused;
                if (sink.Unfit is var (row, column, value))
                    return RowCacheValues.Unfit<TValue>(value, source, row, column, layout.GivenNames.IsDefault ? "x" + (column - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : layout.GivenNames[column - 1])!;
                int features = layout.Features.Length, valueBytes = Unsafe.SizeOf<TValue>();
                var featureNames = layout.GivenNames.IsDefault ? Enumerable.Repeat("", features).ToArray() : layout.GivenNames.ToArray();
                if (!RowCacheWriter.Shape(path, features, valueBytes, featureNames, classes?.ClassNames ?? [.. layout.TargetNames], chunkRows, layout.Weight >= 0,
                        columns.Regression).TryRight(out var shape, out var problem))
                    return problem;
                var header = shape.Shape with { Rows = table.Rows };
                if (RowCacheWriter.Refused(header) is { } empty) return empty;
                var chunks = skip == 0 ? sink.Table : moved = Unshift(stream, features, valueBytes, chunkRows);
                if (classes is not null) chunks.Targets(MemoryMarshal.AsBytes(classes.Labels.AsSpan()), sizeof(int));
                else sink.Targets.WriteTo(bytes => chunks.Targets(bytes, sizeof(double) * layout.TargetNames.Length), 0);
                sink.Weights.WriteTo(chunks.Weights, skip);
                return RowCacheWriter.Close(stream, chunks, header, shape.Names, cancel);
            }
            finally
            {
                sink?.Table.Dispose();
                moved?.Dispose();
            }
        }
    }

    // Moves the staged features up over their first row (a header after all) and hashes them again, chunk by chunk, as they now stand.
    private static ChunkTableWriter Unshift(FileStream stream, int features, int valueBytes, int chunkRows)
    {
        var table = new ChunkTableWriter(stream, features, valueBytes, chunkRows);
        long rowBytes = (long)features * valueBytes;
        var buffer = new byte[1 << 20];
        long from = RowCacheHeader.Size + rowBytes, to = RowCacheHeader.Size, end = stream.Length;
        while (from < end)
        {
            stream.Position = from;
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, end - from));
            stream.Position = to;
            table.Features(buffer.AsSpan(0, n));
            (from, to) = (from + n, to + n);
        }
        stream.SetLength(to);
        return table;
    }

    // Each parsed row split by the layout: its features into a chunk in the cache's precision (written and hashed when
    // full, a megabyte at most; cancellation is checked between chunks), its targets and weight into their columns. A feature that does not
    // fit the cache's precision is remembered (the first, by row and column) for the end, where the loaded table's check would say it.
    private sealed class RowSink<TRead, TValue>(ChunkTableWriter table, int width, CsvRowLayout layout, int chunkRows, CancellationToken cancel)
        : IFeatureSink<TRead>
        where TRead : unmanaged, IFloatingPointIeee754<TRead> where TValue : unmanaged, IFloatingPointIeee754<TValue>
    {
        // Rows held before they are written: a chunk, or fewer when a chunk is wider than a megabyte (the bytes written are
        // the same; 4,096 rows of 784 float64 pixels would be 25 MB).
        private readonly TRead[] row = new TRead[width];
        private readonly TValue[] chunk = new TValue[(long)Math.Clamp((1 << 20) / Math.Max(1, layout.Features.Length * Unsafe.SizeOf<TValue>()), 1, chunkRows) * layout.Features.Length];
        private int rows;
        private long committed;

        public int Width => width;

        /// <summary>Where the features went: the staged file, each chunk hashed and its moments gathered.</summary>
        public ChunkTableWriter Table => table;

        public CsvRowLayout Layout => layout;

        public ChunkedValues Targets { get; } = new();

        public ChunkedValues Weights { get; } = new();

        public (long Row, int Column, double Value)? Unfit { get; private set; }

        public Span<TRead> Next() => row;

        public void Commit()
        {
            if (layout.Problem is not null) return;
            if (rows * layout.Features.Length == chunk.Length) Flush();
            var features = layout.Features;
            var into = chunk.AsSpan(rows * features.Length, features.Length);
            for (int j = 0; j < features.Length; j++)
            {
                var v = row[features[j]];
                if (typeof(TRead) != typeof(TValue) && Unfit is null && !FeatureValue.Fits<TValue>(double.CreateTruncating(v)))
                    Unfit = (committed + 1, j + 1, double.CreateTruncating(v));
                into[j] = TValue.CreateTruncating(v);
            }
            foreach (int c in layout.Targets) Targets.Add(double.CreateTruncating(row[c]));
            if (layout.Weight >= 0) Weights.Add(double.CreateTruncating(row[layout.Weight]));
            rows++;
            committed++;
        }

        public void Flush()
        {
            var bytes = MemoryMarshal.AsBytes(chunk.AsSpan(0, rows * layout.Features.Length));
            table.Features(bytes);
            rows = 0;
            cancel.ThrowIfCancellationRequested();
        }
    }
}
