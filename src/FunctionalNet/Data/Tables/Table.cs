using System.Collections.Immutable;
using LanguageExt;

namespace FunctionalNet.Data.Tables;

/// <summary>
/// A raw table as read from a file, before any preprocessing: named, typed columns of one length, with missing
/// cells kept as such. <see cref="Preprocessing.TablePreprocessing"/> maps it to the numeric features a
/// network takes. Where each row came from (<see cref="Source"/>, <see cref="Lines"/>) is kept so later refusals can
/// name the file's line.
/// </summary>
public sealed record Table
{
    private Table(ImmutableArray<TableColumn> columns, int rows, string source, ImmutableArray<int> lines)
    {
        Columns = columns;
        Rows = rows;
        Source = source;
        Lines = lines;
    }

    /// <summary>The columns in file order.</summary>
    public ImmutableArray<TableColumn> Columns { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>The name errors use for the table, usually its file.</summary>
    public string Source { get; }

    /// <summary>The 1-based file line of each row; empty when the table was not read from text.</summary>
    public ImmutableArray<int> Lines { get; }

    /// <summary>
    /// The cell texts its reader took for a missing value (<see cref="TableOptions.MissingValues"/>); a preprocessing
    /// fitted on this table records them, so new raw rows are read with the same markers.
    /// </summary>
    public ImmutableArray<string> MissingValues { get; init; } = TableOptions.DefaultMissingValues;

    /// <summary>A table of <paramref name="columns"/>, checked: at least one column, all of one length, distinct names.</summary>
    public static Either<Error, Table> Create(IEnumerable<TableColumn> columns, string source = "table", ImmutableArray<int> lines = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var all = columns.ToImmutableArray();
        if (all.IsEmpty) return new Error("table.empty", $"{source}: expected at least one column, found none");
        int rows = all[0].Count;
        if (all.FirstOrDefault(c => c.Count != rows) is { } ragged)
            return new Error("table.shape", $"{source}: column \"{ragged.Name}\" has {ragged.Count} cells, expected {rows} like \"{all[0].Name}\"");
        if (all.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return new Error("table.columns", $"{source}: two columns are named \"{twice.Key}\"");
        if (!lines.IsDefaultOrEmpty && lines.Length != rows)
            throw new ArgumentException($"expected {rows} line numbers, found {lines.Length}", nameof(lines));
        return new Table(all, rows, source, lines.IsDefault ? [] : lines);
    }

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public TableColumn? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>This table without the columns named in <paramref name="names"/> (names not present are ignored).</summary>
    public Table Without(IEnumerable<string> names)
    {
        var drop = names.ToHashSet(StringComparer.Ordinal);
        return new Table([.. Columns.Where(c => !drop.Contains(c.Name))], Rows, Source, Lines) { MissingValues = MissingValues };
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order (a split's part).</summary>
    public Table SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = Columns.Select(c => c switch
        {
            NumberColumn n => (TableColumn)new NumberColumn(n.Name, [.. rows.Select(r => n.Values[r])]),
            TextColumn t => new TextColumn(t.Name, [.. rows.Select(r => t.Values[r])]),
            _ => throw new InvalidOperationException($"unknown column {c.GetType().Name}"),
        });
        return new Table([.. columns], rows.Count, Source, Lines.IsEmpty ? [] : [.. rows.Select(r => Lines[r])]) { MissingValues = MissingValues };
    }

    /// <summary>Where row <paramref name="row"/> of column <paramref name="name"/> is, for messages: file and line when known.</summary>
    public string Where(int row, string name) =>
        Lines.IsEmpty ? $"{Source}, row {row + 1}, column \"{name}\"" : $"{Source}, line {Lines[row]}, column \"{name}\"";
}
