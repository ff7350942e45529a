using System.Collections.Immutable;
using System.Globalization;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// The one rule by which a label column's texts become classes, for every file format: when every label is a finite
/// number, spellings of one number are one class named by its shortest round-trip form ("1", "1.0" and "01" are "1"; −0
/// is "0") and the classes sort by value; otherwise each text is a class and they sort ordinally.
/// </summary>
public static class ClassOrder
{
    /// <summary>
    /// The classes of <paramref name="distinct"/> (a column's distinct labels, by first-seen id) and, for each id, its
    /// class's index among them.
    /// </summary>
    public static (ImmutableArray<string> Names, int[] Remap) Of(IReadOnlyList<string> distinct)
    {
        ArgumentNullException.ThrowIfNull(distinct);
        var values = new double[distinct.Count];
        bool numbers = true;
        for (int i = 0; i < distinct.Count && numbers; i++)
            numbers = double.TryParse(distinct[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i]);
        // −0 and 0 are one class, named "0".
        var named = numbers ? [.. values.Select(v => (v + 0.0).ToString("R", CultureInfo.InvariantCulture))] : distinct.ToArray();
        var names = Sort(named.Distinct(StringComparer.Ordinal));
        var index = names.Select((name, k) => (name, k)).ToDictionary(p => p.name, p => p.k, StringComparer.Ordinal);
        return (names, [.. named.Select(name => index[name])]);
    }

    /// <summary>
    /// <paramref name="distinct"/> in class order: numerically when every one is a number (so "10" follows "9"; equal
    /// values ordinally), otherwise ordinally.
    /// </summary>
    public static ImmutableArray<string> Sort(IEnumerable<string> distinct)
    {
        var all = distinct.ToArray();
        bool numeric = all.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric
            ? [.. all.OrderBy(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ThenBy(s => s, StringComparer.Ordinal)]
            : [.. all.OrderBy(s => s, StringComparer.Ordinal)];
    }
}
