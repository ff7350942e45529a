using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FunctionalNet.Data.Loading;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// Writes a row cache straight from CSV text in one pass: each chunk of parsed feature rows is written to the staged
/// file as it fills, so memory holds one chunk and 4 bytes a row of labels, whatever the table's size. Class names are
/// only known at the end (classes sort numerically or by name), and so are the labels, which are written after the
/// features anyway. A header of numeric names (recognised only at the end) already went out as the first row: that
/// case alone reads the staged features a second time, to move them up one row.
/// </summary>
internal static class CsvCacheWriter
{
    /// <summary>
    /// The cache of the CSV text in <paramref name="reader"/>, byte for byte the one <see cref="RowCacheWriter"/> writes from
    /// the same table loaded in memory. <paramref name="accept"/> may refuse the table's class labels (one line) before
    /// anything is renamed into place. CSV problems come as the loader's errors (all of them), a write's as one.
    /// </summary>
    public static Validation<Error, RowCacheHeader> Write(string path, TextReader reader, string source, CsvOptions options, int chunkRows,
        Func<ClassTargets, Error?> accept, CancellationToken cancel)
    {
        Seq<Error> csvErrors = default;
        var written = RowCacheWriter.Stage(path, stream =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            stream.Write(new byte[RowCacheHeader.Size]);
            try
            {
                return options.SinglePrecision ? Staged<float>(stream, hash) : Staged<double>(stream, hash);
            }
            catch (OperationCanceledException)
            {
                return new Error("cache.interrupted", "interrupted");
            }
        });
        return csvErrors.IsEmpty ? written.ToValidation() : Validation<Error, RowCacheHeader>.Fail(csvErrors);

        Either<Error, RowCacheHeader> Staged<T>(FileStream stream, IncrementalHash hash) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            ChunkSink<T>? sink = null;
            var read = CsvLoader.Stream<T>(reader, source, options with { Task = CsvTask.Classification }, width => sink = new ChunkSink<T>(stream, hash, width, chunkRows, cancel));
            if (read.IsFail)
            {
                csvErrors = read.FailToSeq();
                return csvErrors.Head;
            }
            var table = read.SuccessToSeq().Head;
            sink!.Flush();
            var classes = (ClassTargets)table.Targets;
            if (accept(classes) is { } refused) return refused;
            int width = sink.Width;
            var featureNames = table.FeatureNames.IsDefault ? Enumerable.Repeat("", width).ToArray() : table.FeatureNames.ToArray();
            if (!RowCacheWriter.Shape(path, width, System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), featureNames, classes.ClassNames, chunkRows, weighted: false)
                    .TryRight(out var shape, out var problem))
                return problem;
            var rowHash = table.SkippedRows == 0 ? hash : Unshift(stream, (long)width * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
            using (rowHash == hash ? null : rowHash)
                return RowCacheWriter.Finish(stream, rowHash, shape.Shape with { Rows = table.Rows }, MemoryMarshal.AsBytes(classes.Labels.AsSpan()), default,
                    shape.Names, cancel);
        }
    }

    // Moves the staged features up over their first row (a header after all) and hashes them again as they now stand.
    private static IncrementalHash Unshift(FileStream stream, long rowBytes)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long from = RowCacheHeader.Size + rowBytes, to = RowCacheHeader.Size, end = stream.Length;
        while (from < end)
        {
            stream.Position = from;
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, end - from));
            stream.Position = to;
            stream.Write(buffer, 0, n);
            hash.AppendData(buffer, 0, n);
            (from, to) = (from + n, to + n);
        }
        stream.SetLength(to);
        return hash;
    }

    // A chunk of rows in the cache's precision, written and hashed when full; cancellation is checked between chunks.
    private sealed class ChunkSink<T>(FileStream stream, IncrementalHash hash, int width, int chunkRows, CancellationToken cancel) : IFeatureSink<T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        private readonly T[] chunk = new T[(long)chunkRows * width];
        private int rows;

        public int Width => width;

        public Span<T> Next()
        {
            if (rows == chunkRows) Flush();
            return chunk.AsSpan(rows * width, width);
        }

        public void Commit() => rows++;

        public void Flush()
        {
            var bytes = MemoryMarshal.AsBytes(chunk.AsSpan(0, rows * width));
            stream.Write(bytes);
            hash.AppendData(bytes);
            rows = 0;
            cancel.ThrowIfCancellationRequested();
        }
    }
}
