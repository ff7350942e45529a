using System.Collections.Immutable;
using FunctionalNet.Data.Tables;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>Opens a CSV or Parquet file as a raw table (text columns, gaps); the reader's errors become one line, the first and how many more.</summary>
internal static class TableFiles
{
    /// <summary>The table <paramref name="path"/> holds (CSV or Parquet); an IDX file is refused, naming the way that reads it.</summary>
    public static Either<CliError, Table> Read(string path, TableOptions options) =>
        DataSource.Use(path, "data file", source => source.Format switch
        {
            DataFileFormat.Csv => OneLine(TableReader.Load(source.Stream, source.Path, options)),
            DataFileFormat.Parquet => ParquetTables.Read(source, options),
            _ => new CliError(new Error("data.format", $"data file {path} is not CSV or Parquet; tables with text columns and missing cells are read from those only (IDX images train without table options)")),
        });

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

    /// <summary>The names each of <paramref name="columns"/> (names or indices, as <see cref="LabelName"/> reads them) means in <paramref name="table"/>.</summary>
    public static Either<CliError, ImmutableArray<string>> LabelNames(Table table, IEnumerable<string?> columns)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (string? column in columns)
        {
            if (!LabelName(table, column).TryRight(out var name, out var problem)) return problem;
            names.Add(name);
        }
        return names.ToImmutable();
    }
}
