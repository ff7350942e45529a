using System.Globalization;
using FunctionalNet.Cli.Limits;
using FunctionalNet.Data.Tables;
using LanguageExt;
using Parquet;
using Parquet.Schema;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// A Parquet file as a raw <see cref="Table"/>, the way <see cref="TableReader"/> reads a CSV file: a numeric column
/// is numeric with its nulls (and NaNs) as missing cells; a string column is categorical, with its nulls and the
/// missing markers as missing cells; <see cref="TableOptions"/>' overrides and drops apply by column name.
/// </summary>
/// <remarks>Error codes: table.column, parquet.column-type, parquet.empty, table.non-finite, table.non-numeric; and <see cref="ParquetFiles"/>' size checks.</remarks>
internal static class ParquetTables
{
    /// <summary>The table <paramref name="source"/> holds, or its first problem.</summary>
    public static Either<CliError, Table> Read(DataSource source, TableOptions options) =>
        ParquetFiles.Open(source, (reader, stream, size) => Read(reader, stream, size, source.Path, options));

    private static async Task<Either<CliError, Table>> Read(ParquetReader reader, Stream stream, (long File, int Footer) size, string path, TableOptions options)
    {
        var all = reader.Schema.GetDataFields();
        var unknown = options.Categorical.Concat(options.Numeric).Concat(options.Drop).Where(n => all.All(f => f.Name != n)).Distinct().ToList();
        if (unknown.Count > 0)
            return Fail("table.column", $"{path}: no column named {string.Join(", ", unknown.Select(u => $"\"{u}\""))}; the columns are {string.Join(", ", all.Select(f => $"\"{f.Name}\""))}");
        var fields = all.Where(f => !options.Drop.Contains(f.Name)).ToArray();
        if (fields.FirstOrDefault(f => f.IsArray || !(ParquetFiles.IsNumber(f) || ParquetFiles.IsText(f))) is { } bad)
            return Fail("parquet.column-type", $"data file {path}, column \"{bad.Name}\": expected numbers or text, found {(bad.IsArray ? "a repeated column" : bad.ClrType.Name)}");
        if (ParquetFiles.Crafted(reader, stream, size, path) is { } crafted) return crafted;
        long total = reader.Metadata!.RowGroups.Sum(g => g.NumRows);
        if (total == 0 || fields.Length == 0) return Fail("parquet.empty", $"data file {path}: expected rows and columns, found {total} row(s) and {fields.Length} column(s)");
        if (!MemoryEstimate.ParquetTable(path, total, fields.Length).Fits().TryRight(out _, out var tooBig)) return tooBig;
        var numbers = fields.Select(_ => new List<double>()).ToArray();
        var texts = fields.Select(_ => new List<string?>()).ToArray();
        var missing = options.MissingValues.ToHashSet(StringComparer.Ordinal);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int count = checked((int)group.RowCount);
            for (int j = 0; j < fields.Length; j++)
            {
                if (ParquetFiles.IsNumber(fields[j]))
                {
                    numbers[j].AddRange((await ParquetFiles.Numbers(group, fields[j], count, gapsAsNaN: true).ConfigureAwait(false))!);
                    continue;
                }
                var values = new string?[count];
                await group.ReadAsync(fields[j], values.AsMemory(), null, default).ConfigureAwait(false);
                texts[j].AddRange(values.Select(v => v?.Trim() is { } cell && !missing.Contains(cell) ? cell : null));
            }
        }
        var columns = new List<TableColumn>();
        for (int j = 0; j < fields.Length; j++)
        {
            var column = ParquetFiles.IsNumber(fields[j]) ? Numeric(fields[j].Name, numbers[j], options, path) : Text(fields[j].Name, texts[j], options, path);
            if (!column.TryRight(out var typed, out var problem)) return problem;
            columns.Add(typed);
        }
        return Table.Create(columns, path).Match(t => Prelude.Right<CliError, Table>(t with { MissingValues = options.MissingValues }), e => new CliError(e));
    }

    // Numbers stay numbers (NaN a gap) unless --categorical names the column; an infinity is a broken value, not a category.
    private static Either<CliError, TableColumn> Numeric(string name, List<double> values, TableOptions options, string path)
    {
        int infinite = values.FindIndex(double.IsInfinity);
        if (infinite >= 0)
            return Fail("table.non-finite", $"{path}, row {infinite + 1}, column \"{name}\": expected a finite number or a missing cell, found {values[infinite].ToString(CultureInfo.InvariantCulture)}");
        return options.Categorical.Contains(name)
            ? new TextColumn(name, [.. values.Select(v => double.IsNaN(v) ? null : (v + 0.0).ToString("R", CultureInfo.InvariantCulture))])
            : new NumberColumn(name, [.. values]);
    }

    // Strings are categories unless --numeric names the column, which then must hold numbers.
    private static Either<CliError, TableColumn> Text(string name, List<string?> cells, TableOptions options, string path)
    {
        if (!options.Numeric.Contains(name)) return new TextColumn(name, [.. cells]);
        var values = new double[cells.Count];
        for (int r = 0; r < cells.Count; r++)
        {
            if (cells[r] is not { } cell) values[r] = double.NaN;
            else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[r]) || !double.IsFinite(values[r]))
                return Fail("table.non-numeric", $"{path}, row {r + 1}, column \"{name}\": expected a number (the column is numeric), found \"{cell}\"");
        }
        return new NumberColumn(name, [.. values]);
    }

    private static CliError Fail(string code, string message) => new(new Error(code, message));
}
