using System.Collections.Immutable;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>
/// The fill values and one-hot categories of one column, as scikit-learn defines them: <c>SimpleImputer</c>'s
/// median (the mean of the middle two for an even count), mean and most frequent value (ties to the smallest), and
/// <c>OneHotEncoder</c>'s sorted categories with <c>max_categories</c> grouping the rarest.
/// </summary>
public static class ImputerStatistics
{
    /// <summary>The median of the present (non-NaN) values; NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The mean of the present (non-NaN) values; NaN when there are none.</summary>
    public static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
            if (!double.IsNaN(v)) (sum, n) = (sum + v, n + 1);
        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>The most frequent present (non-null) value, the first in ordinal order among ties; null when there is none.</summary>
    public static string? MostFrequent(IEnumerable<string?> values) =>
        Counts(values).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).FirstOrDefault();

    /// <summary>
    /// The categories of <paramref name="values"/> in ordinal order, and those grouped as infrequent: with at most
    /// <paramref name="maxCategories"/> columns (the infrequent group counting as one), the most frequent
    /// <c>max − 1</c> are kept, ties kept in favour of the later in sorted order (scikit-learn's stable sort by count).
    /// </summary>
    public static (ImmutableArray<string> Frequent, ImmutableArray<string> Infrequent) Categories(IEnumerable<string?> values, int? maxCategories)
    {
        var counts = Counts(values);
        var sorted = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        if (maxCategories is not { } max || sorted.Length <= max) return ([.. sorted], []);
        // Ascending by count, stable over the sorted order: the last max − 1 are the frequent ones.
        var byCount = sorted.Select((c, i) => (c, i)).OrderBy(p => counts[p.c]).ThenBy(p => p.i).Select(p => p.c).ToArray();
        var frequent = byCount[(byCount.Length - (max - 1))..].ToHashSet(StringComparer.Ordinal);
        return ([.. sorted.Where(frequent.Contains)], [.. sorted.Where(c => !frequent.Contains(c))]);
    }

    private static Dictionary<string, int> Counts(IEnumerable<string?> values)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string? v in values)
            if (v is not null) counts[v] = counts.GetValueOrDefault(v) + 1;
        return counts;
    }
}
