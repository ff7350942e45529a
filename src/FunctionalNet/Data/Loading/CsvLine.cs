using System.Text;

namespace FunctionalNet.Data.Loading;

/// <summary>Where one field sits in a line; <c>Unescaped</c> is set only for quoted fields that contained "".</summary>
internal readonly record struct CsvField(int Start, int Length, string? Unescaped)
{
    public ReadOnlySpan<char> Text(string line) => Unescaped ?? line.AsSpan(Start, Length);
}

/// <summary>Splits one CSV line into fields (RFC 4180 quoting within a line), without allocating per field.</summary>
internal static class CsvLine
{
    /// <summary>The candidate delimiters, in order of preference on a tie.</summary>
    private const string Candidates = ",;\t|";

    /// <summary>The candidate occurring most often outside quotes in <paramref name="line"/>; a comma when none occurs.</summary>
    public static char DetectDelimiter(string line)
    {
        Span<int> counts = stackalloc int[Candidates.Length];
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && Candidates.IndexOf(c) is int k and >= 0) counts[k]++;
        }
        int best = 0;
        for (int k = 1; k < counts.Length; k++) if (counts[k] > counts[best]) best = k;
        return Candidates[best];
    }

    /// <summary>
    /// Fills <paramref name="fields"/> with the fields of <paramref name="line"/>. Returns null, or the 1-based
    /// column and a description of a quoting problem.
    /// </summary>
    public static (int Column, string Problem)? Split(string line, char delimiter, List<CsvField> fields)
    {
        fields.Clear();
        int i = 0, n = line.Length;
        while (true)
        {
            int j = i;
            while (j < n && line[j] == ' ') j++;
            if (j < n && line[j] == '"')
            {
                StringBuilder? unescaped = null;
                int k = j + 1, segment = k;
                while (true)
                {
                    if (k >= n) return (fields.Count + 1, "expected a closing quote before the end of the line, found none");
                    if (line[k] == '"')
                    {
                        if (k + 1 < n && line[k + 1] == '"')
                        {
                            (unescaped ??= new StringBuilder()).Append(line, segment, k + 1 - segment);
                            k += 2;
                            segment = k;
                            continue;
                        }
                        break;
                    }
                    k++;
                }
                string? text = unescaped?.Append(line, segment, k - segment).ToString();
                fields.Add(new CsvField(j + 1, k - j - 1, text));
                k++;
                while (k < n && line[k] == ' ') k++;
                if (k >= n) return null;
                if (line[k] != delimiter) return (fields.Count, $"expected a delimiter after the closing quote, found '{line[k]}'");
                i = k + 1;
            }
            else
            {
                int end = line.IndexOf(delimiter, i);
                if (end < 0)
                {
                    fields.Add(new CsvField(i, n - i, null));
                    return null;
                }
                fields.Add(new CsvField(i, end - i, null));
                i = end + 1;
            }
        }
    }
}
