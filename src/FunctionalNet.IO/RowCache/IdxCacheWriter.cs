using System.Globalization;
using FunctionalNet.Data.Loading;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// Writes a row cache straight from IDX images (MNIST's format) in one sequential pass through the one streaming writer
/// (<see cref="CsvCacheWriter"/>, fed by <see cref="IdxRows"/>): memory holds a megabyte of pixels, a megabyte of rows
/// and the labels (4 bytes an image), and 8 bytes an image of weight with a weight column, whatever the file's size.
/// The labels are read after the images, as the loaded table reads them, so the errors come in the same order; the
/// cache is byte for byte the loaded table's (pixels 0–255, features pixel0…), a weight column (a pixel) taken out as
/// <see cref="WeightColumn.Take"/> takes it.
/// </summary>
internal static class IdxCacheWriter
{
    /// <summary>
    /// The cache of the IDX images in <paramref name="images"/> (read from its start) labelled by the array
    /// <paramref name="labels"/> reads, in float32 or float64, weighted by the pixel column <paramref name="weight"/> when given.
    /// </summary>
    public static Validation<Error, RowCacheHeader> Write(string path, Stream images, string imagesSource, Func<Either<Error, (IdxArray Array, string Source)>> labels,
        bool float32, string? weight, int chunkRows, CancellationToken cancel) =>
        CsvCacheWriter.Write(path, new IdxRows(images, imagesSource, labels), imagesSource, CsvOptions.Default with { SinglePrecision = float32 },
            new CsvCacheColumns(null, weight), chunkRows, _ => null, cancel);

    /// <summary>Feature names pixel0 … pixel(n−1), as MNIST's CSV exports name them.</summary>
    public static string[] PixelNames(int count) => [.. Enumerable.Range(0, count).Select(i => "pixel" + i.ToString(CultureInfo.InvariantCulture))];
}
