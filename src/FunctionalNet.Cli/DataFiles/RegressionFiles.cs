using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// Regression data from CSV or Parquet: the <c>--label</c> list of target columns (names or 0-based indices, comma-separated,
/// default the last column), read as numbers with every other column a feature.
/// </summary>
internal static class RegressionFiles
{
    /// <summary>True when <paramref name="label"/> names more than one column, which only a regression can have.</summary>
    public static bool NamesSeveral(string? label) => label?.Contains(',', StringComparison.Ordinal) == true;

    /// <summary>The target columns <paramref name="label"/> lists, trimmed; the last column when it is null.</summary>
    public static string[] Columns(string? label) => label is null ? ["-1"] : [.. label.Split(',').Select(c => c.Trim())];

    /// <summary>Reads <paramref name="path"/> (CSV or Parquet) with the targets in the columns <paramref name="label"/> lists.</summary>
    public static Either<CliError, Dataset> Load(string path, string? label) =>
        DataSource.Use(path, "data file", source =>
            from all in source.Format switch
            {
                DataFileFormat.Csv => CsvFiles.Read(source, Options(label)),
                DataFileFormat.Parquet => ParquetFiles.Read(source, Options(label)),
                _ => new CliError(new Error("data.format", $"data file {path} is not CSV or Parquet; a regression reads its targets from table columns")),
            }
            from data in Split(all, Columns(label), path)
            select data);

    /// <summary>Every column read as a number; a header is required when a target is named, detected otherwise.</summary>
    public static CsvOptions Options(string? label) => CsvOptions.Default with
    {
        Task = CsvTask.Unlabelled,
        HasHeader = Columns(label).Any(c => !int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) ? true : null,
    };

    /// <summary>Splits a table read without targets into features and the target columns listed in <paramref name="columns"/>.</summary>
    public static Either<CliError, Dataset> Split(Dataset all, IReadOnlyList<string> columns, string path)
    {
        var names = all.FeatureNames;
        if (!TargetColumns.Resolve(columns, names, path).MapLeft(e => new CliError(e)).TryRight(out var targets, out var problem)) return problem;
        int[] features = [.. Enumerable.Range(0, names.Length).Where(c => !targets.Contains(c))];
        return Dataset.Regression(SelectColumns(all.Features, features), SelectColumns(all.Features, targets),
            [.. targets.Select(c => names[c])], all.GivenFeatureNames.IsEmpty ? [] : [.. features.Select(c => names[c])]);
    }

    /// <summary>The given columns of <paramref name="x"/>, in that order.</summary>
    public static Matrix<double> SelectColumns(Matrix<double> x, IReadOnlyList<int> columns)
    {
        var values = new double[x.Rows * columns.Count];
        for (int r = 0; r < x.Rows; r++)
            for (int c = 0; c < columns.Count; c++)
                values[r * columns.Count + c] = x[r, columns[c]];
        return Matrix<double>.Create(x.Rows, columns.Count, values);
    }

    /// <summary>
    /// A label value that shows the class labels are really a continuous quantity, or null: as scikit-learn's
    /// <c>type_of_target</c> calls labels continuous when they are numbers and some has a fractional part.
    /// </summary>
    public static string? ContinuousExample(ClassTargets classes) =>
        classes.ClassNames.All(IsNumber) ? classes.ClassNames.FirstOrDefault(n => !double.IsInteger(Parse(n))) : null;

    private static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v);

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
