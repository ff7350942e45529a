using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// IDX files (MNIST's format), plain or gzip-compressed, recognised by their magic number (<see cref="DataSource"/>): images become rows of
/// their raw values (0–255, as a CSV export of them would hold) named pixel0…pixelN−1; labels are classes named by number.
/// </summary>
internal static class IdxFiles
{
    /// <summary>One IDX array, read whole and checked against its header.</summary>
    public static Either<CliError, IdxArray> Read(string path, string what) => DataSource.Use(path, what, Read);

    /// <summary>The IDX array an opened file holds (whatever its first bytes said, so the loader names what is wrong).</summary>
    public static Either<CliError, IdxArray> Read(DataSource source) =>
        IdxLoader.Read(source.Stream, source.Path).Match(
            Succ: a => Prelude.Right<CliError, IdxArray>(a),
            Fail: errors => new CliError(errors.Head));

    /// <summary>Opened images and the IDX labels in <paramref name="labels"/> as a classification data set.</summary>
    public static Either<CliError, Dataset> Labelled(DataSource images, string labels, bool allowSingleClass) =>
        from x in Read(images)
        from y in Read(labels, "label file")
        from data in IdxLoader.ToDataset(x, images.Path, y, labels, 1.0, allowSingleClass).Match(
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
    public static ImmutableArray<string> PixelNames(int count) => [.. FunctionalNet.IO.IdxCacheWriter.PixelNames(count)];
}
