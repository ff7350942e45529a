using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FunctionalNet.Data.Loading;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Data.Tables;

/// <summary>
/// Reads a CSV file with a header into a raw <see cref="Table"/>: every column typed by what it holds (or by the
/// overrides in <see cref="TableOptions"/>), missing cells kept. Pure over the reader it is given, like
/// <see cref="CsvLoader"/>; problems are <see cref="Error"/>s naming the file, line and column.
/// </summary>
/// <remarks>Error codes: table.empty, table.header-only, table.quote, table.ragged-row, table.column (an override names no column),
/// table.non-numeric (a text cell in a column given as numeric), table.non-finite (an infinity), table.too-many-errors.</remarks>
public static class TableReader
{
    /// <summary>Reads CSV text from <paramref name="stream"/> (UTF-8, BOM honoured; the stream is left open).</summary>
    public static Validation<Error, Table> Load(Stream stream, string source, TableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return Load(reader, source, options);
    }

    /// <summary>Reads CSV from a string (small tables and tests).</summary>
    public static Validation<Error, Table> Parse(string text, string source, TableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Load(reader, source, options);
    }

    /// <summary>Reads CSV text line by line from <paramref name="reader"/> (not disposed).</summary>
    public static Validation<Error, Table> Load(TextReader reader, string source, TableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        options ??= TableOptions.Default;
        var lines = new CsvLines(reader);
        var fields = new List<CsvField>();
        var errors = new List<Error>();
        int line = 0;
        string? header = null;
        while (header is null && lines.Next(out var first))
        {
            line++;
            if (!first.IsWhiteSpace()) header = first.ToString();
        }
        if (header is null) return Fail("table.empty", $"{source}, line 1: expected a header and data rows, found an empty file");
        char delimiter = options.Delimiter ?? CsvLine.DetectDelimiter(header);
        if (CsvLine.Split(header, delimiter, fields) is { } bad) return Fail("table.quote", $"{source}, line {line}, column {bad.Column}: {bad.Problem}");
        string[] names = [.. fields.Select((f, c) => f.Text(header).Trim() is { Length: > 0 } n ? n.ToString() : "x" + c.ToString(CultureInfo.InvariantCulture))];
        var unknown = options.Categorical.Concat(options.Numeric).Concat(options.Drop).Where(n => !names.Contains(n)).Distinct().ToList();
        if (unknown.Count > 0)
            return Fail("table.column", $"{source}: no column named {string.Join(", ", unknown.Select(u => $"\"{u}\""))}; the columns are {string.Join(", ", names.Select(n => $"\"{n}\""))}");
        var missing = options.MissingValues.ToHashSet(StringComparer.Ordinal);
        var cells = names.Select(_ => new List<string?>()).ToArray();
        var rowLines = new List<int>();
        while (errors.Count < options.MaxErrors && lines.Next(out var span))
        {
            line++;
            if (span.IsWhiteSpace()) continue;
            string text = span.ToString();
            if (CsvLine.Split(text, delimiter, fields) is { } problem)
                errors.Add(new Error("table.quote", $"{source}, line {line}, column {problem.Column}: {problem.Problem}"));
            else if (fields.Count != names.Length)
                errors.Add(new Error("table.ragged-row", $"{source}, line {line}: expected {names.Length} fields (as in the header), found {fields.Count}"));
            else
            {
                for (int c = 0; c < names.Length; c++)
                {
                    string cell = fields[c].Text(text).Trim().ToString();
                    cells[c].Add(missing.Contains(cell) ? null : cell);
                }
                rowLines.Add(line);
            }
        }
        if (errors.Count >= options.MaxErrors && lines.Next(out _))
            errors.Add(new Error("table.too-many-errors", $"{source}, line {line + 1}: stopped reading after {errors.Count} errors"));
        if (errors.Count == 0 && rowLines.Count == 0)
            return Fail("table.header-only", $"{source}: expected data rows after the header, found only the header");
        var drop = options.Drop.ToHashSet(StringComparer.Ordinal);
        var columns = new List<TableColumn>();
        for (int c = 0; c < names.Length; c++)
            if (!drop.Contains(names[c])) columns.Add(Typed(names[c], cells[c], options, source, rowLines, errors));
        if (errors.Count > 0) return Validation<Error, Table>.Fail(errors.Take(options.MaxErrors).ToSeq());
        return Table.Create(columns, source, [.. rowLines]).Match(
            t => Validation<Error, Table>.Success(t with { MissingValues = options.MissingValues }), e => Validation<Error, Table>.Fail(Seq1(e)));
    }

    // The column as numbers when every present cell is one (or it must be), else as text; a text cell in a column
    // given as numeric is an error naming its line.
    private static TableColumn Typed(string name, List<string?> cells, TableOptions options, string source, List<int> lines, List<Error> errors)
    {
        if (options.Categorical.Contains(name)) return new TextColumn(name, [.. cells]);
        var values = new double[cells.Count];
        for (int r = 0; r < cells.Count; r++)
        {
            if (cells[r] is not { } cell) values[r] = double.NaN;
            else if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !double.IsFinite(v))
            {
                // An infinity (or a NaN spelling not among the missing markers) is a broken value, not a category.
                errors.Add(new Error("table.non-finite", $"{source}, line {lines[r]}, column \"{name}\": expected a finite number or a missing cell, found \"{cell}\""));
                return new TextColumn(name, [.. cells]);
            }
            else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[r]) || !double.IsFinite(values[r]))
            {
                if (!options.Numeric.Contains(name)) return new TextColumn(name, [.. cells]);
                errors.Add(new Error("table.non-numeric", $"{source}, line {lines[r]}, column \"{name}\": expected a number (the column is numeric), found \"{cell}\""));
                return new TextColumn(name, [.. cells]);
            }
        }
        return new NumberColumn(name, [.. values]);
    }

    private static Validation<Error, Table> Fail(string code, string message) => Validation<Error, Table>.Fail(Seq1(new Error(code, message)));
}
