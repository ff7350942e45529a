using System.Globalization;
using FunctionalNet.Data;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// Multi-label data from CSV or Parquet: the <c>--label</c> list of label columns (names or 0-based indices,
/// comma-separated), each holding 0 or 1, with every other column a feature. A cell that is not 0 or 1 is one error
/// naming the file, the line (CSV) or row (Parquet) and the column.
/// </summary>
internal static class MultiLabelFiles
{
    /// <summary>Reads <paramref name="path"/> with the label indicators in the columns <paramref name="label"/> lists.</summary>
    public static Either<CliError, Dataset> Load(string path, string? label) =>
        DataSource.Use(path, "data file", source =>
            from all in source.Format switch
            {
                DataFileFormat.Csv => CsvFiles.Read(source, RegressionFiles.Options(label)),
                DataFileFormat.Parquet => ParquetFiles.Read(source, RegressionFiles.Options(label)),
                _ => new CliError(new Error("data.format", $"data file {path} is neither CSV nor Parquet; a multi-label model reads its labels from CSV or Parquet columns (--label)")),
            }
            from split in RegressionFiles.Split(all, RegressionFiles.Columns(label), path)
            from indicators in Indicators(split, path, r => source.Format == DataFileFormat.Parquet ? $"row {r + 1}" : $"line {r + 1 + (all.GivenFeatureNames.IsEmpty ? 0 : 1)}")
            select indicators);

    // The first cell that is not 0 or 1, by its line in the file (a header is line 1) or its row in a Parquet file.
    private static Either<CliError, Dataset> Indicators(Dataset split, string path, Func<int, string> where)
    {
        var targets = (ValueTargets)split.Targets;
        var values = targets.Values;
        for (int r = 0; r < values.Rows; r++)
            for (int c = 0; c < values.Cols; c++)
                if (values[r, c] is not (0.0 or 1.0))
                    return new CliError(new Error("data.labels", string.Create(CultureInfo.InvariantCulture,
                        $"{path}: {where(r)}, column \"{targets.Names[c]}\": expected a label indicator 0 or 1, found {values[r, c]}")));
        return Dataset.MultiLabel(split.Features, values, targets.Names, split.GivenFeatureNames);
    }
}
