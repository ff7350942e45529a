using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Tensors;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Data.Tables;

/// <summary>
/// A table's label column taken out as class labels (or target columns as values), the rest left as features. Classes are ordered as
/// <see cref="Loading.CsvLoader"/> orders them: numerically when every label is a number (named by its shortest
/// form, so "1" and "1.0" are one class), otherwise ordinally.
/// </summary>
public static class TableLabels
{
    /// <summary>The feature columns (all but <paramref name="label"/>) and the class labels; a missing label is an error naming its line.</summary>
    public static Validation<Error, (Table Features, ClassTargets Targets)> Classes(Table table, string label)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(label);
        if (table.Column(label) is not { } column)
            return Fail($"{table.Source}: expected a label column named \"{label}\", found {string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}", "table.label-column");
        string?[] names = [.. Enumerable.Range(0, table.Rows).Select(r => column switch
        {
            TextColumn t => t.Values[r],
            NumberColumn n => double.IsNaN(n.Values[r]) ? null : n.Values[r].ToString("R", CultureInfo.InvariantCulture),
            _ => null,
        })];
        int gap = System.Array.IndexOf(names, null);
        if (gap >= 0) return Fail($"{table.Where(gap, label)}: expected a class label, found a missing cell", "table.empty-label");
        bool numeric = names.All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v));
        if (numeric) names = [.. names.Select(n => (double.Parse(n!, NumberStyles.Float, CultureInfo.InvariantCulture) + 0.0).ToString("R", CultureInfo.InvariantCulture))];
        var classes = numeric
            ? names.Distinct().OrderBy(n => double.Parse(n!, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()
            : names.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c!, p => p.i, StringComparer.Ordinal);
        var targets = new ClassTargets([.. names.Select(n => index[n!])], [.. classes.Select(c => c!)]);
        return Validation<Error, (Table, ClassTargets)>.Success((table.Without([label]), targets));
    }

    /// <summary>
    /// The feature columns (all but <paramref name="targets"/>) and the targets' values, one output per column in the
    /// order given; a target cell that is missing or not a number is an error naming its line.
    /// </summary>
    public static Validation<Error, (Table Features, ValueTargets Targets)> Values(Table table, IReadOnlyList<string> targets)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(targets);
        static Validation<Error, (Table, ValueTargets)> No(string code, string message) => Validation<Error, (Table, ValueTargets)>.Fail(Seq1(new Error(code, message)));
        if ((targets.Count == 0 ? "" : targets.FirstOrDefault(t => table.Column(t) is null)) is { } absent)
            return No("table.label-column", $"{table.Source}: expected a target column named \"{absent}\", found {string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}");
        if (targets.Count == table.Columns.Length)
            return No("table.no-features", $"{table.Source}: every column is a target; expected at least one feature column");
        var values = new double[table.Rows * targets.Count];
        for (int j = 0; j < targets.Count; j++)
        {
            var column = table.Column(targets[j])!;
            for (int r = 0; r < table.Rows; r++)
            {
                double v = column is NumberColumn n ? n.Values[r] : double.NaN;
                if (column.IsMissing(r)) return No("table.empty-label", $"{table.Where(r, targets[j])}: expected a target value, found a missing cell");
                if (column is TextColumn t && !(double.TryParse(t.Values[r], NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v)))
                    return No("table.non-numeric", $"{table.Where(r, targets[j])}: expected a number (a regression target), found \"{t.Values[r]}\"");
                values[r * targets.Count + j] = v;
            }
        }
        var y = new ValueTargets(Matrix<double>.Create(table.Rows, targets.Count, values), [.. targets], false);
        return Validation<Error, (Table, ValueTargets)>.Success((table.Without(targets), y));
    }

    private static Validation<Error, (Table, ClassTargets)> Fail(string message, string code) =>
        Validation<Error, (Table, ClassTargets)>.Fail(Seq1(new Error(code, message)));
}
