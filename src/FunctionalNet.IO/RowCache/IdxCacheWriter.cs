using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// Writes a row cache straight from IDX images (MNIST's format) in one sequential pass: each megabyte of pixels is
/// converted to the cache's precision and written as it is read, so memory holds that and the labels (one byte an
/// image), whatever the file's size. The labels are read after the images, as the loaded table reads them, so the
/// errors come in the same order; the cache is byte for byte the loaded table's (pixels 0–255, features pixel0…).
/// </summary>
internal static class IdxCacheWriter
{
    /// <summary>
    /// The cache of the IDX images in <paramref name="images"/> (read from its start) labelled by the array
    /// <paramref name="labels"/> reads, in float32 or float64.
    /// </summary>
    public static Either<Error, RowCacheHeader> Write(string path, Stream images, string imagesSource, Func<Either<Error, (IdxArray Array, string Source)>> labels,
        bool float32, int chunkRows, CancellationToken cancel)
    {
        return RowCacheWriter.Stage(path, stream =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            stream.Write(new byte[RowCacheHeader.Size]);
            try
            {
                return float32 ? Staged<float>(stream, hash) : Staged<double>(stream, hash);
            }
            catch (OperationCanceledException)
            {
                return new Error("cache.interrupted", "interrupted");
            }
        });

        Either<Error, RowCacheHeader> Staged<T>(FileStream stream, IncrementalHash hash) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var header = IdxLoader.ReadHeader(images, imagesSource);
            if (header.IsFail) return header.FailToSeq().Head;
            var dims = header.SuccessToSeq().Head;
            long total = dims.Aggregate(1L, (product, size) => product * size), got = 0;
            int count = dims[0], width = (int)(total / count);
            var bytes = new byte[Math.Min(total, Math.Max(1 << 20, width))];
            var values = new T[bytes.Length];
            while (got < total)
            {
                int want = (int)Math.Min(bytes.Length, total - got), read = images.ReadAtLeast(bytes.AsSpan(0, want), want, throwOnEndOfStream: false);
                for (int i = 0; i < read; i++) values[i] = T.CreateTruncating(bytes[i]);
                RowCacheWriter.Put(stream, hash, MemoryMarshal.AsBytes(values.AsSpan(0, read)));
                got += read;
                if (read < want) break;
                cancel.ThrowIfCancellationRequested();
            }
            if (IdxLoader.DataProblem(images, imagesSource, dims, got) is { } cut) return cut;
            if (!labels().TryRight(out var labelled, out var unread)) return unread;
            var checkedLabels = IdxLoader.Labels(count, imagesSource, labelled.Array, labelled.Source);
            if (checkedLabels.IsFail) return checkedLabels.FailToSeq().Head;
            var y = checkedLabels.SuccessToSeq().Head;
            if (!RowCacheWriter.Shape(path, width, Unsafe.SizeOf<T>(), PixelNames(width), ClassTargets.NumberedClasses(y.Max() + 1),
                    chunkRows, weighted: false).TryRight(out var shape, out var problem))
                return problem;
            var rows = shape.Shape with { Rows = count };
            if (RowCacheWriter.Refused(rows) is { } refused) return refused;
            RowCacheWriter.Put(stream, hash, MemoryMarshal.AsBytes(y.AsSpan()));
            return RowCacheWriter.Close(stream, hash, rows, shape.Names, cancel);
        }
    }

    /// <summary>Feature names pixel0 … pixel(n−1), as MNIST's CSV exports name them.</summary>
    public static string[] PixelNames(int count) => [.. Enumerable.Range(0, count).Select(i => "pixel" + i.ToString(CultureInfo.InvariantCulture))];
}
