using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// IDX files (MNIST's format), plain or gzip-compressed, recognised by their magic number: images become rows of
/// their raw values (0–255, as a CSV export of them would hold) named pixel0…pixelN−1; labels are classes named by number.
/// </summary>
internal static class IdxFiles
{
    // IDX element types (unsigned and signed byte, short, int, float, double); the loader itself accepts only 0x08,
    // but any of them is an IDX file and deserves the loader's "expected element type 0x08" rather than a CSV error.
    private static readonly byte[] ElementTypes = [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E];

    /// <summary>Whether <paramref name="path"/> is IDX images, IDX labels, other gzip data or (anything else) CSV.</summary>
    public static Either<CliError, DataFileFormat> Format(string path, string what) =>
        Use<DataFileFormat>(path, what, (stream, gzip) =>
        {
            // A pipe (--data /dev/stdin) cannot be sniffed and then read again: it is CSV, as before IDX support.
            if (!stream.CanSeek && !gzip) return DataFileFormat.Csv;
            var magic = new byte[4];
            int got = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
            bool idx = got == 4 && magic[0] == 0 && magic[1] == 0 && ElementTypes.Contains(magic[2]) && magic[3] > 0;
            return idx ? (magic[3] == 1 ? DataFileFormat.IdxLabels : DataFileFormat.IdxImages)
                : !gzip && ParquetFiles.IsParquet(magic.AsSpan(0, got)) ? DataFileFormat.Parquet
                : gzip ? DataFileFormat.OtherGzip
                : DataFileFormat.Csv;
        });

    /// <summary>One IDX array, read whole and checked against its header.</summary>
    public static Either<CliError, IdxArray> Read(string path, string what) =>
        Use(path, what, (stream, _) => IdxLoader.Read(stream, path).Match(
            Succ: a => Prelude.Right<CliError, IdxArray>(a),
            Fail: errors => new CliError(errors.Head)));

    /// <summary>Images and their labels as a classification data set.</summary>
    public static Either<CliError, Dataset> Labelled(string images, string labels, bool allowSingleClass) =>
        from x in Read(images, "image file")
        from y in Read(labels, "label file")
        from data in IdxLoader.ToDataset(x, images, y, labels, 1.0, allowSingleClass).Match(
            Succ: d => Prelude.Right<CliError, Dataset>(d),
            Fail: errors => new CliError(errors.Head))
        select new Dataset(data.Features, data.Targets, PixelNames(data.FeatureCount));

    /// <summary>The images of an IDX file as feature rows (for prediction).</summary>
    public static Matrix<double> Features(IdxArray images)
    {
        var values = new double[images.Data.Length];
        for (int i = 0; i < values.Length; i++) values[i] = images.Data[i];
        return Matrix<double>.Create(images.Count, images.ItemSize, values);
    }

    /// <summary>Feature names pixel0 … pixel(n−1), as MNIST's CSV exports name them.</summary>
    public static ImmutableArray<string> PixelNames(int count) =>
        [.. Enumerable.Range(0, count).Select(i => "pixel" + i.ToString(CultureInfo.InvariantCulture))];

    // Opens the file, decompressing it when it starts with gzip's magic 1F 8B, and maps I/O and gzip failures to one line.
    private static Either<CliError, T> Use<T>(string path, string what, Func<Stream, bool, Either<CliError, T>> read) =>
        from file in Files.Open(path, what)
        from result in Files.Guard<T>(path, what, () =>
        {
            using (file)
            {
                // Only a seekable file can be sniffed for gzip and rewound.
                bool gzip = file.CanSeek && IsGzip(file);
                using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
                try
                {
                    return read(stream, gzip);
                }
                catch (InvalidDataException e) when (gzip)
                {
                    return new CliError(new Error("idx.gzip", $"{what} {path} is not valid gzip data: {e.Message}"));
                }
            }
        })
        select result;

    private static bool IsGzip(Stream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }
}
