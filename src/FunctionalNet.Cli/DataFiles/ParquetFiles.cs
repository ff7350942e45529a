using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Cli.Limits;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Tensors;
using LanguageExt;
using Parquet;
using Parquet.Schema;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// Parquet tables (recognised by the magic PAR1) as data sets: every numeric column but the label is a feature, in
/// the precision <see cref="CsvOptions.SinglePrecision"/> asks for; the label column is chosen and read as for CSV
/// (classes sorted numerically when numbers, else ordinally). Errors name the file and the column.
/// </summary>
/// <remarks>Error codes: parquet.format, parquet.label-column, parquet.column-type, parquet.null, parquet.empty, parquet.single-class, parquet.non-finite, parquet.precision; and <see cref="ParquetSizes"/>' codes.</remarks>
internal static class ParquetFiles
{
    /// <summary>Whether the first bytes are Parquet's magic number.</summary>
    public static bool IsParquet(ReadOnlySpan<byte> magic) => magic.Length >= 4 && magic[..4].SequenceEqual("PAR1"u8);

    /// <summary>
    /// The table an opened file holds. Parquet keeps its schema at the end of the file: a regular file is read where it
    /// is; a forward-only source (a FIFO, stdin) is first copied into memory, within the data cap it enforces.
    /// </summary>
    public static Either<CliError, Dataset> Read(DataSource source, CsvOptions options) =>
        Open(source, (reader, stream, size) => Table(reader, stream, source.Path, options, size));

    /// <summary>
    /// Runs <paramref name="read"/> on the Parquet reader of <paramref name="source"/> once its footer's size is checked; a
    /// forward-only source (a FIFO, stdin) is first copied into memory, within the data cap it enforces. The reader's
    /// exceptions for a file that is not valid Parquet become one <c>parquet.format</c> line.
    /// </summary>
    internal static Either<CliError, T> Open<T>(DataSource source, Func<ParquetReader, Stream, (long File, int Footer), Task<Either<CliError, T>>> read)
    {
        if (source.Stream.CanSeek) return Open(source.Stream, source.Path, read).GetAwaiter().GetResult();
        using var whole = new MemoryStream();
        // A streamed source is read uncapped (DataSource.Use); a copy into memory is held to the data cap either way.
        using (var capped = new BoundedStream(source.Stream, $"{source.What} {source.Path}", InputCaps.DataBytes())) capped.CopyTo(whole);
        whole.Position = 0;
        return Open(whole, source.Path, read).GetAwaiter().GetResult();
    }

    private static async Task<Either<CliError, T>> Open<T>(Stream stream, string path, Func<ParquetReader, Stream, (long File, int Footer), Task<Either<CliError, T>>> read)
    {
        // The reader allocates the footer as its last bytes say, and columns as the footer says: both are checked first.
        if (!ParquetSizes.Footer(stream, path).TryRight(out int footer, out var refused)) return refused;
        try
        {
            var reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false)) return await read(reader, stream, (stream.Length, footer)).ConfigureAwait(false);
        }
        catch (Exception e) when (Unreadable(e))
        {
            return NotReadable(path, e);
        }
    }

    /// <summary>Whether <paramref name="e"/> is the reader's own exception for a file that is not valid Parquet (a bug of ours still ends as exit 70).</summary>
    internal static bool Unreadable(Exception e) => e is InvalidDataException or IOException or NotSupportedException or InvalidOperationException
        or ArgumentException or IndexOutOfRangeException or InvalidCastException or OverflowException || e.GetType().Namespace?.StartsWith("Parquet", StringComparison.Ordinal) == true;

    /// <summary>The one line for a file the reader could not read (<see cref="Unreadable"/>).</summary>
    internal static CliError NotReadable(string path, Exception e) => Fail("parquet.format", $"data file {path} is not a readable Parquet table: {e.Message}");

    /// <summary>The problem with a footer whose column chunks or pages do not fit the file (a crafted file), or null.</summary>
    internal static CliError? Crafted(ParquetReader reader, Stream stream, (long File, int Footer) size, string path) =>
        ParquetSizes.Chunks(reader.Metadata!, size.File, size.Footer, path) ?? ParquetSizes.Pages(stream, reader.Metadata!, size.File, size.Footer, path);

    // size: the file's length and its footer's, which the column chunks must fit between.
    private static async Task<Either<CliError, Dataset>> Table(ParquetReader reader, Stream stream, string path, CsvOptions options, (long File, int Footer) size)
    {
        if (!Columns(reader, stream, size, path, options).TryRight(out var table, out var problem)) return problem;
        var (fields, label, features) = table;
        long total = reader.Metadata!.RowGroups.Sum(g => g.NumRows);
        if (total * features.Length > Array.MaxLength)
            return Fail("parquet.empty", $"data file {path}: {total} rows × {features.Length} features is more than one array holds");
        if (!MemoryEstimate.ParquetTable(path, total, features.Length).Fits().TryRight(out _, out var tooBig)) return tooBig;
        int rows = (int)total, width = features.Length, at = 0;
        var x = new double[(long)rows * width];
        var labels = new ParquetLabels();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            if (!(await Group(reader, g, fields, label, features, at, path, options.SinglePrecision).ConfigureAwait(false)).TryRight(out var group, out problem)) return problem;
            for (int j = 0; j < width; j++)
                for (int r = 0; r < group.Columns[j].Length; r++) x[(long)(at + r) * width + j] = group.Columns[j][r];
            labels.Add(group.Labels);
            at += group.Columns[0].Length;
        }
        if (!labels.Targets(options, path, label >= 0 ? fields[label].Name : "", rows).TryRight(out var targets, out problem)) return problem;
        ImmutableArray<string> names = [.. features.Select(f => f.Name)];
        return options.SinglePrecision
            ? Dataset.Stored(Matrix<float>.Create(rows, width, [.. x.Select(v => (float)v)]), targets, names)
            : new Dataset(Matrix<double>.Create(rows, width, x), targets, names);
    }

    /// <summary>
    /// A table's columns as <paramref name="options"/> choose them — every field, the label's index among them (−1 when
    /// <see cref="CsvTask.Unlabelled"/>), the feature fields — once each is checked to be readable as numbers (a class label
    /// may be text), the footer's chunks and pages to fit the file, and the table to have rows.
    /// </summary>
    internal static Either<CliError, (DataField[] Fields, int Label, DataField[] Features)> Columns(ParquetReader reader, Stream stream, (long File, int Footer) size,
        string path, CsvOptions options)
    {
        var fields = reader.Schema.GetDataFields();
        int label = options.Task == CsvTask.Unlabelled ? -1 : LabelIndex(fields, options.Label);
        if (options.Task != CsvTask.Unlabelled && label < 0)
            return Fail("parquet.label-column", $"data file {path}: expected the label column {Describe(options.Label)}, found columns {string.Join(", ", fields.Select(f => $"\"{f.Name}\""))}");
        var features = fields.Where((_, j) => j != label).ToArray();
        if (features.Length == 0) return Fail("parquet.column-type", $"data file {path}: expected at least one feature column besides the label, found {fields.Length} column(s)");
        // Features and regression targets are numbers; class labels may also be text.
        bool Readable(DataField f, int j) => !f.IsArray && (IsNumber(f) || j == label && options.Task == CsvTask.Classification && IsText(f));
        if (fields.Select((f, j) => (f, j)).FirstOrDefault(p => !Readable(p.f, p.j)).f is { } bad)
            return Fail("parquet.column-type", $"data file {path}, column \"{bad.Name}\": expected {(fields[label >= 0 ? label : 0] == bad && label >= 0 ? "numbers or text labels" : "numbers")}, found {(bad.IsArray ? "a repeated column" : IsText(bad) ? "text" : bad.ClrType.Name)}");
        if (Crafted(reader, stream, size, path) is { } crafted) return crafted;
        if (reader.Metadata!.RowGroups.Sum(g => g.NumRows) == 0) return Fail("parquet.empty", $"data file {path}: expected rows, found none");
        return (fields, label, features);
    }

    /// <summary>
    /// Row group <paramref name="g"/> (its first row is data row <paramref name="at"/> + 1): each feature column as doubles,
    /// and the label column as text (null when <paramref name="label"/> is −1). A null, or a feature that is not finite or
    /// (with <paramref name="single"/>) past float32, is the one line naming the column and row: the first in column order.
    /// The caller has held the group's row count to the memory estimate (the whole table's, or the group's when streamed).
    /// </summary>
    internal static async Task<Either<CliError, (double[][] Columns, string[]? Labels)>> Group(ParquetReader reader, int g, DataField[] fields, int label,
        DataField[] features, long at, string path, bool single)
    {
        using var group = reader.OpenRowGroupReader(g);
        int count = checked((int)group.RowCount);
        Func<double, bool> fits = single ? FeatureValue.Fits<float> : FeatureValue.Fits<double>;
        var columns = new double[features.Length][];
        for (int j = 0; j < features.Length; j++)
        {
            var column = await Numbers(group, features[j], count).ConfigureAwait(false);
            if (column is null) return Fail("parquet.null", $"data file {path}, column \"{features[j].Name}\", row group {g}: expected a number in every row, found a null");
            for (int r = 0; r < count; r++)
                if (!fits(column[r]))
                    return new CliError(CsvFiles.Advised(Unfit(column[r], single, $"data file {path}, column \"{features[j].Name}\", row {at + r + 1}")));
            columns[j] = column;
        }
        if (label < 0) return (columns, null);
        var texts = await Texts(group, fields[label], count).ConfigureAwait(false);
        if (texts is null) return Fail("parquet.null", $"data file {path}, column \"{fields[label].Name}\", row group {g}: expected a label in every row, found a null");
        return (columns, texts);
    }

    // FeatureValue's check, the CSV loader's, for a value that does not fit: the error naming it.
    private static Error Unfit(double value, bool single, string where) =>
        (single ? FeatureValue.Problem<float>(value, "parquet", where, Show(value)) : FeatureValue.Problem<double>(value, "parquet", where, Show(value)))!;

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static int LabelIndex(DataField[] fields, LabelColumn label) => label switch
    {
        LabelColumn.AtIndex(int i) => (i < 0 ? fields.Length + i : i) is var k && k >= 0 && k < fields.Length ? k : -1,
        LabelColumn.ByName(string name) => Array.FindIndex(fields, f => f.Name == name) is var k && k >= 0 ? k
            : Array.FindIndex(fields, f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)),
        _ => -1,
    };

    private static string Describe(LabelColumn label) => label switch
    {
        LabelColumn.AtIndex(int i) => $"at index {i}",
        LabelColumn.ByName(string name) => $"named \"{name}\"",
        _ => label.ToString(),
    };

    private static readonly System.Type[] NumberTypes = [typeof(double), typeof(float), typeof(long), typeof(int), typeof(short), typeof(sbyte), typeof(ulong), typeof(uint), typeof(ushort), typeof(byte)];

    internal static bool IsNumber(DataField field) => NumberTypes.Contains(field.ClrType);

    // Parquet.Net 6 names UTF-8 columns ReadOnlyMemory<char>; both read as strings.
    internal static bool IsText(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    // A numeric column as doubles, or null when a row holds null (NaN there when gapsAsNaN: a raw table's missing cell).
    internal static async Task<double[]?> Numbers(ParquetRowGroupReader group, DataField field, int count, bool gapsAsNaN = false) => field.ClrType switch
    {
        var t when t == typeof(double) => await Column<double>(group, field, count, v => v, gapsAsNaN).ConfigureAwait(false),
        var t when t == typeof(float) => await Column<float>(group, field, count, v => v, gapsAsNaN).ConfigureAwait(false),
        var t when t == typeof(long) => await Column<long>(group, field, count, v => v, gapsAsNaN).ConfigureAwait(false),
        var t when t == typeof(int) => await Column<int>(group, field, count, v => v, gapsAsNaN).ConfigureAwait(false),
        var t when t == typeof(short) => await Column<short>(group, field, count, v => v, gapsAsNaN).ConfigureAwait(false),
        var t when t == typeof(sbyte) => await Column<sbyte>(group, field, count, v => v, gapsAsNaN).ConfigureAwait(false),
        var t when t == typeof(ulong) => await Column<ulong>(group, field, count, v => v, gapsAsNaN).ConfigureAwait(false),
        var t when t == typeof(uint) => await Column<uint>(group, field, count, v => v, gapsAsNaN).ConfigureAwait(false),
        var t when t == typeof(ushort) => await Column<ushort>(group, field, count, v => v, gapsAsNaN).ConfigureAwait(false),
        _ => await Column<byte>(group, field, count, v => v, gapsAsNaN).ConfigureAwait(false),
    };

    private static async Task<double[]?> Column<T>(ParquetRowGroupReader group, DataField field, int count, Func<T, double> widen, bool gapsAsNaN) where T : struct
    {
        var result = new double[count];
        if (field.IsNullable)
        {
            var values = new T?[count];
            await group.ReadAsync<T>(field, values.AsMemory(), null, default).ConfigureAwait(false);
            for (int r = 0; r < count; r++)
            {
                if (values[r] is { } v) result[r] = widen(v);
                else if (gapsAsNaN) result[r] = double.NaN;
                else return null;
            }
            return result;
        }
        var plain = new T[count];
        await group.ReadAsync<T>(field, plain.AsMemory(), null, default).ConfigureAwait(false);
        for (int r = 0; r < count; r++) result[r] = widen(plain[r]);
        return result;
    }

    // Labels as text: strings as they are, numbers in their shortest round-trip form (so 1 and 1.0 are one class).
    private static async Task<string[]?> Texts(ParquetRowGroupReader group, DataField field, int count)
    {
        if (IsText(field))
        {
            var values = new string?[count];
            await group.ReadAsync(field, values.AsMemory(), null, default).ConfigureAwait(false);
            return values.Any(v => v is null) ? null : [.. values.Select(v => v!)];
        }
        var numbers = await Numbers(group, field, count).ConfigureAwait(false);
        return numbers?.Select(v => (v + 0.0).ToString("R", CultureInfo.InvariantCulture)).ToArray();
    }

    internal static CliError Fail(string code, string message) => new(new Error(code, message));
}
