using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// Labelled data from a file: CSV with a label column, or IDX images with an IDX label file beside them (told apart
/// by the first bytes, so MNIST's extension-less names work).
/// </summary>
internal static class LabelledFiles
{
    /// <summary>
    /// Reads <paramref name="path"/> as CSV (<paramref name="labels"/> must then be null) or as IDX images labelled by
    /// <paramref name="labels"/>; <paramref name="labelsOption"/> is how errors name the labels option.
    /// </summary>
    public static Either<CliError, Dataset> Load(string path, string? labels, CsvOptions csv, string labelsOption = "--labels") =>
        DataSource.Use(path, "data file", source => source.Format switch
        {
            DataFileFormat.Csv when labels is not null => Refuse($"{labelsOption} {labels} is for IDX images, but data file {path} is not an IDX file (a CSV label column is chosen with --label)"),
            DataFileFormat.Csv => CsvFiles.Read(source, csv),
            DataFileFormat.Parquet when labels is not null => Refuse($"{labelsOption} {labels} is for IDX images, but data file {path} is a Parquet table (its label column is chosen with --label)"),
            DataFileFormat.Parquet => ParquetFiles.Read(source, csv),
            DataFileFormat.IdxImages when labels is null => Refuse($"data file {path} holds IDX images, which need their labels: add {labelsOption} FILE"),
            DataFileFormat.IdxImages => IdxFiles.Labelled(source, labels, csv.AllowSingleClass),
            var format => Unreadable(format, path, labelsOption),
        });

    /// <summary>
    /// The error for a data file that is IDX labels or compressed non-IDX data (neither can be --data); it points to
    /// <paramref name="labelsOption"/> when the command has one.
    /// </summary>
    public static CliError Unreadable(DataFileFormat format, string path, string? labelsOption = "--labels") =>
        new(new Error("data.format", format == DataFileFormat.IdxLabels
            ? $"data file {path} is an IDX label file (1 dimension), not images" + (labelsOption is null ? "" : $"; give the images as the data file and this one as {labelsOption}")
            : $"data file {path} is gzip-compressed but not an IDX file; only IDX files are read compressed"));

    private static Either<CliError, Dataset> Refuse(string message) => new CliError(new Error("data.format", message));
}
