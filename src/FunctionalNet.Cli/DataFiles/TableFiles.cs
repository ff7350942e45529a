using FunctionalNet.Data.Tables;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>Opens a CSV file as a raw table (text columns, gaps); the reader's errors become one line, the first and how many more.</summary>
internal static class TableFiles
{
    /// <summary>The table <paramref name="path"/> holds; a Parquet or IDX file is refused, naming the way that reads it.</summary>
    public static Either<CliError, Table> Read(string path, TableOptions options) =>
        DataSource.Use(path, "data file", source => source.Format == DataFileFormat.Csv
            ? OneLine(TableReader.Load(source.Stream, source.Path, options))
            : new CliError(new Error("data.format", $"data file {path} is not CSV; tables with text columns and missing cells are read from CSV only (a numbers-only Parquet or IDX file trains without table options)")));

    /// <summary>A validation's value, or its first error with the count of the rest.</summary>
    public static Either<CliError, T> OneLine<T>(Validation<Error, T> result) =>
        result.Match(
            Succ: Prelude.Right<CliError, T>,
            Fail: errors => new CliError(errors.Count == 1 ? errors.Head : errors.Head with { Message = $"{errors.Head.Message} (and {errors.Count - 1} more problem(s))" }));

    /// <summary>The name of the label column <paramref name="label"/> means in <paramref name="table"/>: a name, an index (negative from the end), or null for the last column.</summary>
    public static Either<CliError, string> LabelName(Table table, string? label)
    {
        if (label is null) return table.Columns[^1].Name;
        if (table.Column(label) is not null) return label;
        if (int.TryParse(label, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int at)
            && (at < 0 ? table.Columns.Length + at : at) is var index && index >= 0 && index < table.Columns.Length)
            return table.Columns[index].Name;
        return new CliError(new Error("data.label", $"{table.Source}: expected a label column '{label}', found {string.Join(", ", table.Columns.Select(c => $"'{c.Name}'"))}"));
    }
}
