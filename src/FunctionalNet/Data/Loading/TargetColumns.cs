using System.Globalization;
using LanguageExt;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// A regression's target columns in a table read without targets: each named by header name or 0-based index
/// (negative counts from the end), found as <see cref="LabelColumn"/> finds a label (exact name first, then ignoring
/// case). One rule for the in-memory split and for a cache written streaming.
/// </summary>
public static class TargetColumns
{
    /// <summary>
    /// The indices of <paramref name="columns"/> among <paramref name="names"/> (every column of the table), in the order
    /// listed; an error (code <c>data.targets</c>, naming <paramref name="path"/>) for a column not found, one listed twice,
    /// or targets that leave no feature column.
    /// </summary>
    public static Either<Error, int[]> Resolve(IReadOnlyList<string> columns, IReadOnlyList<string> names, string path)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(names);
        var targets = new List<int>();
        foreach (string column in columns)
        {
            if (Find(column, names) is not { } index)
                return Refuse(int.TryParse(column, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
                    ? $"{path}: expected the target column index {i} within the {names.Count} columns, found no such column"
                    : $"{path}: expected a target column named \"{column}\", found {string.Join(", ", names.Select(n => $"\"{n}\""))}");
            if (targets.Contains(index)) return Refuse($"{path}: --label names column \"{names[index]}\" twice");
            targets.Add(index);
        }
        if (targets.Count == names.Count)
            return Refuse($"{path}: expected at least one feature column besides the {targets.Count} target column(s), found none");
        return targets.ToArray();
    }

    // An index (negative counts from the end) or a header name, exact first and then ignoring case, as LabelColumn does.
    private static int? Find(string column, IReadOnlyList<string> names)
    {
        if (int.TryParse(column, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index))
        {
            int at = index < 0 ? names.Count + index : index;
            return at >= 0 && at < names.Count ? at : null;
        }
        int found = names.ToList().IndexOf(column);
        if (found < 0) found = names.ToList().FindIndex(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
        return found >= 0 ? found : null;
    }

    private static Error Refuse(string message) => new("data.targets", message);
}
