using System.Globalization;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// Reads one numeric CSV cell from a span, as <c>double.TryParse(cell.Trim(), NumberStyles.Float, invariant)</c> does,
/// but with a fast path for plain decimals (what data files mostly hold): up to 15 digits and no exponent, which
/// is exact as an integer divided by an exact power of ten (Clinger's fast path), so the bits are the same.
/// </summary>
internal static class CsvNumber
{
    private static readonly double[] Powers =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>
    /// Parses the cell that starts at <paramref name="at"/> and ends before the next <paramref name="delimiter"/>
    /// (or the end of the line); <paramref name="at"/> moves past that delimiter. False when the cell is not a
    /// finite number (the caller then reports it) or holds a quote.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> line, ref int at, char delimiter, out double value)
    {
        int i = at, n = line.Length;
        while (i < n && line[i] == ' ') i++;
        bool negative = i < n && line[i] == '-';
        if (i < n && (line[i] == '-' || line[i] == '+')) i++;
        ulong mantissa = 0;
        int digits = 0, fraction = 0;
        while (i < n && (uint)(line[i] - '0') <= 9)
        {
            mantissa = mantissa * 10 + (uint)(line[i++] - '0');
            digits++;
        }
        if (i < n && line[i] == '.')
        {
            i++;
            while (i < n && (uint)(line[i] - '0') <= 9)
            {
                mantissa = mantissa * 10 + (uint)(line[i++] - '0');
                digits++;
                fraction++;
            }
        }
        while (i < n && line[i] == ' ') i++;
        if (digits is > 0 and <= 15 && (i == n || line[i] == delimiter))
        {
            double v = fraction == 0 ? mantissa : mantissa / Powers[fraction];
            value = negative ? -v : v;
            at = i + 1;
            return true;
        }
        return Slow(line, ref at, delimiter, out value);
    }

    // Anything else (exponents, long digit strings, other white space): the runtime's parser on the trimmed cell.
    private static bool Slow(ReadOnlySpan<char> line, ref int at, char delimiter, out double value)
    {
        var rest = line[at..];
        int end = rest.IndexOf(delimiter);
        var cell = (end < 0 ? rest : rest[..end]).Trim();
        at = end < 0 ? line.Length + 1 : at + end + 1;
        value = 0;
        return !cell.Contains('"')
            && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
