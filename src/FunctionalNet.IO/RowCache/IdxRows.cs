using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// IDX images as <see cref="ITableRows"/>: a megabyte of pixels read at a time, each image a row of pixel0…, then the
/// labels file, checked as the loader checks it; classes 0 … largest label.
/// </summary>
internal sealed class IdxRows(Stream images, string imagesSource, Func<Either<Error, (IdxArray Array, string Source)>> labels) : ITableRows
{
    public Validation<Error, CsvTable> Read<T>(CsvOptions options, Func<int, ImmutableArray<string>, IFeatureSink<T>> sink) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var header = IdxLoader.ReadHeader(images, imagesSource);
        if (header.IsFail) return header.FailToSeq().Head;
        var dims = header.SuccessToSeq().Head;
        long total = dims.Aggregate(1L, (product, size) => product * size), got = 0;
        int count = dims[0], width = (int)(total / count);
        var rows = sink(width, [.. IdxCacheWriter.PixelNames(width)]);
        // Whole images per read, so no row straddles two.
        var bytes = new byte[Math.Min(total, Math.Max(1 << 20, width) / width * width)];
        while (got < total)
        {
            int want = (int)Math.Min(bytes.Length, total - got), read = images.ReadAtLeast(bytes.AsSpan(0, want), want, throwOnEndOfStream: false);
            for (int at = 0; at + width <= read; at += width)
            {
                var row = rows.Next();
                for (int j = 0; j < width; j++) row[j] = T.CreateTruncating(bytes[at + j]);
                rows.Commit();
            }
            got += read;
            if (read < want) break;
        }
        if (IdxLoader.DataProblem(images, imagesSource, dims, got) is { } cut) return cut;
        if (!labels().TryRight(out var labelled, out var unread)) return unread;
        var checkedLabels = IdxLoader.Labels(count, imagesSource, labelled.Array, labelled.Source);
        if (checkedLabels.IsFail) return checkedLabels.FailToSeq().Head;
        var y = checkedLabels.SuccessToSeq().Head;
        return new CsvTable(0, count, [.. IdxCacheWriter.PixelNames(width)], new ClassTargets([.. y], ClassTargets.NumberedClasses(y.Max() + 1)));
    }
}
