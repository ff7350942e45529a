using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data.Loading;

namespace FunctionalNet.Tests.Data;

public class CsvRoundTripTests
{
    private sealed record Table(double[][] Rows, string[] Labels, char Delimiter, bool Header, bool[] Quoted);

    private static readonly Gen<double> Numbers =
        from mantissa in Gen.Choose(-1_000_000, 1_000_000)
        from exponent in Gen.Choose(-30, 30)
        select mantissa * Math.Pow(10, exponent);

    // Tables of 2–20 rows and 1–5 features, labels from {"A", "B", "C"} with at least two of them present.
    private static readonly Arbitrary<Table> Tables =
        (from m in Gen.Choose(2, 20)
         from n in Gen.Choose(1, 5)
         from rows in Gen.ArrayOf(Gen.ArrayOf(Numbers, n), m)
         from labels in Gen.ArrayOf(Gen.Elements("A", "B", "C"), m)
         from delimiter in Gen.Elements(',', ';', '\t', '|')
         from header in Gen.Elements(true, false)
         from quoted in Gen.ArrayOf(Gen.Elements(true, false), n + 1)
         select new Table(rows, [labels[0] == labels[1] ? (labels[0] == "A" ? "B" : "A") : labels[0], .. labels[1..]], delimiter, header, quoted))
        .ToArbitrary();

    private static string Write(Table t)
    {
        string Cell(string text, int column) => t.Quoted[column] ? $"\"{text}\"" : text;
        var text = new StringBuilder();
        int n = t.Rows[0].Length;
        if (t.Header)
            text.AppendJoin(t.Delimiter, Enumerable.Range(0, n).Select(j => Cell("f" + j.ToString(CultureInfo.InvariantCulture), j)).Append(Cell("label", n))).Append('\n');
        for (int i = 0; i < t.Rows.Length; i++)
            text.AppendJoin(t.Delimiter, t.Rows[i].Select((v, j) => Cell(v.ToString("R", CultureInfo.InvariantCulture), j)).Append(Cell(t.Labels[i], n))).Append('\n');
        return text.ToString();
    }

    [Property(MaxTest = 300)]
    public Property Written_tables_read_back_exactly_with_detected_delimiter_and_header() =>
        Prop.ForAll(Tables, t =>
        {
            var d = CsvLoader.Parse(Write(t), "gen.csv").Match(x => x, e => throw new InvalidOperationException(e.Head.Message));
            int n = t.Rows[0].Length;
            return d.Count == t.Rows.Length && d.FeatureCount == n
                && d.Features.Span.SequenceEqual(t.Rows.SelectMany(r => r).ToArray())
                && Enumerable.Range(0, d.Count).All(i => d.Classes.ClassNames[d.Labels[i]] == t.Labels[i])
                && d.Classes.ClassNames.SequenceEqual(t.Labels.Distinct().Order(StringComparer.Ordinal))
                && (!t.Header || d.FeatureNames.SequenceEqual(Enumerable.Range(0, n).Select(j => "f" + j.ToString(CultureInfo.InvariantCulture))));
        });
}
