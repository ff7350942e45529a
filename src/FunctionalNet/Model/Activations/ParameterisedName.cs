using System.Globalization;

namespace FunctionalNet.Model.Activations;

/// <summary>Splits a name as written on the command line and in model cards, <c>head</c> or <c>head(number)</c>.</summary>
internal static class ParameterisedName
{
    /// <summary>
    /// The lower-cased head and the number in parentheses (null when there are none); false when the parentheses do
    /// not hold one invariant-culture number.
    /// </summary>
    public static bool TrySplit(string text, out string head, out double? argument)
    {
        string s = text.Trim().ToLowerInvariant();
        int open = s.IndexOf('(', StringComparison.Ordinal);
        head = open < 0 ? s : s[..open];
        argument = null;
        if (open < 0) return true;
        if (!s.EndsWith(')') || !double.TryParse(s[(open + 1)..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            return false;
        argument = v;
        return true;
    }
}
