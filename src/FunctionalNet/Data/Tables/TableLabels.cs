using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Data.Tables;

/// <summary>
/// A table's label column taken out as class labels, the rest left as features. Classes are ordered as
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

    private static Validation<Error, (Table, ClassTargets)> Fail(string message, string code) =>
        Validation<Error, (Table, ClassTargets)>.Fail(Seq1(new Error(code, message)));
}
