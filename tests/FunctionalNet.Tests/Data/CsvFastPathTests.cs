using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Data;

/// <summary>
/// The loader's fast path (plain decimals parsed in place into a row buffer) must give exactly what the runtime's
/// parser gives for every spelling, in double and in float, whatever the line ends and line lengths.
/// </summary>
public class CsvFastPathTests
{
    // Spellings the fast path takes (short decimals) and ones it hands to double.TryParse (exponents, long digit
    // strings, tabs, a leading plus), so both sides and their boundary are exercised.
    private static readonly Gen<string> Cell = Gen.OneOf(
        Gen.Choose(0, 255).Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Choose(-999_999, 999_999).SelectMany(i => Gen.Choose(0, 9).Select(k => Decimal(i, k))),
        ArbMap.Default.GeneratorFor<long>().SelectMany(i => Gen.Choose(0, 19).Select(k => Decimal(i, k))),
        ArbMap.Default.GeneratorFor<NormalFloat>().Select(d => d.Get.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Elements("-0", "+7", " 12 ", "\t3.5", "1e3", "-2.5E-3", "0.1", ".5", "5.", "000123.4500", "1234567890123456", "123456789012345"));

    private static string Decimal(long value, int fraction)
    {
        string digits = Math.Abs((decimal)value).ToString(CultureInfo.InvariantCulture).PadLeft(fraction + 1, '0');
        return (value < 0 ? "-" : "") + (fraction == 0 ? digits : digits[..^fraction] + "." + digits[^fraction..]);
    }

    private static Dataset Load(string text, CsvOptions options) =>
        CsvLoader.Parse(text, "t.csv", options).Match(d => d, e => throw new InvalidOperationException(string.Join("; ", e)));

    [Property(MaxTest = 200)]
    public Property Every_cell_reads_as_the_runtime_parses_its_trimmed_text_in_double_and_in_float() =>
        Prop.ForAll(
            Gen.Choose(1, 6).SelectMany(cols => Gen.Choose(1, 8).SelectMany(rows =>
                Cell.ArrayOf(cols * rows).Select(cells => (cols, rows, cells)))).ToArbitrary(),
            Gen.Elements("\n", "\r\n", "\r").ToArbitrary(),
            (table, end) =>
            {
                var (cols, rows, cells) = table;
                var text = new StringBuilder(string.Join(",", Enumerable.Range(0, cols).Select(j => $"f{j}")) + ",label" + end);
                for (int r = 0; r < rows; r++) text.Append(string.Join(",", cells.Skip(r * cols).Take(cols)) + "," + (r % 2) + end);
                var expected = cells.Select(c => double.Parse(c.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
                var wide = Load(text.ToString(), new CsvOptions { HasHeader = true, AllowSingleClass = true });
                var singleOptions = new CsvOptions { HasHeader = true, AllowSingleClass = true, SinglePrecision = true };
                // A value past float's range is an error in float, never a stored ∞.
                if (expected.Any(v => float.IsInfinity((float)v)))
                    return CsvLoader.Parse(text.ToString(), "t.csv", singleOptions).Match(_ => false, e => e.Head.Code == "csv.precision");
                var single = Load(text.ToString(), singleOptions);
                return wide.Features.Span.ToArray().Select(BitConverter.DoubleToInt64Bits).SequenceEqual(expected.Select(BitConverter.DoubleToInt64Bits))
                    && single.IsSinglePrecision && !wide.IsSinglePrecision
                    && single.FeaturesIn<float>().Span.ToArray().Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected.Select(v => BitConverter.SingleToInt32Bits((float)v)))
                    && ReferenceEquals(single.FeaturesIn<float>(), single.ToBatch<float>().Features)
                    && wide.Labels.SequenceEqual(single.Labels) && wide.Count == rows;
            });

    [Fact]
    public void Rows_longer_than_a_read_block_and_more_than_one_buffer_chunk_are_read_whole()
    {
        // 1,000 rows of 300 doubles span three 1 MB chunks; a 20,000-cell row is longer than the 64 K-char read block.
        var rng = new Random(7);
        var values = Enumerable.Range(0, 1000 * 300).Select(_ => rng.Next(0, 256)).ToArray();
        var text = new StringBuilder();
        for (int r = 0; r < 1000; r++) text.Append(string.Join(",", values.Skip(r * 300).Take(300)) + "," + (r % 3) + "\n");
        var d = Load(text.ToString(), CsvOptions.Default);
        Assert.Equal(values.Select(v => (double)v), d.Features.Span.ToArray());
        var wideRow = string.Join(",", Enumerable.Range(0, 20_000)) + ",a\n" + string.Join(",", Enumerable.Range(1, 20_000)) + ",b\n";
        var w = Load(wideRow, new CsvOptions { HasHeader = false });
        Assert.Equal(20_000, w.FeatureCount);
        Assert.Equal(20_000.0, w.Features[1, 19_999]);
    }

    [Fact]
    public void A_guessed_header_is_dropped_from_the_row_buffer_across_chunks()
    {
        // "0,1,…,species" is only found to be a header at the end; by then 2,000 rows of 300 floats fill several chunks.
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, 300)) + ",species\n");
        for (int r = 0; r < 2000; r++) text.Append(string.Join(",", Enumerable.Range(r, 300)) + "," + (r % 2 == 0 ? "setosa" : "virginica") + "\n");
        var d = Load(text.ToString(), new CsvOptions { SinglePrecision = true });
        Assert.Equal(2000, d.Count);
        Assert.Equal(0f, d.FeaturesIn<float>()[0, 0]);
        Assert.Equal(1999f + 299f, d.FeaturesIn<float>()[1999, 299]);
        Assert.Equal(["setosa", "virginica"], d.Classes.ClassNames.ToArray());
    }

    [Fact]
    public void Bad_cells_and_ragged_rows_keep_their_file_line_column_messages_after_fast_rows()
    {
        var errors = CsvLoader.Parse("a,b,label\n1,2,x\n3,4,y\n5,six,x\n7,8\n9,10,y,11\n", "d.csv").Match(_ => [], e => e.ToArray());
        Assert.Equal(
        [
            "d.csv, line 4, column 2 (\"b\"): expected a number, found \"six\"",
            "d.csv, line 5, column 3 (\"label\"): expected 3 fields (as on line 1), found 2",
            "d.csv, line 6, column 4: expected 3 fields (as on line 1), found 4",
        ], errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData("a,label\n1,x\n3.5e38,y\n")]     // the fast path hands it on
    [InlineData("a,label\n1,x\n\"-1e39\",y\n")] // the quoted (slow) path names it
    public void A_value_past_float_range_is_named_with_its_line_and_column_when_read_as_float(string text)
    {
        var errors = CsvLoader.Parse(text, "d.csv", new CsvOptions { SinglePrecision = true }).Match(_ => [], e => e.ToArray());
        Assert.Equal("csv.precision", Assert.Single(errors).Code);
        Assert.StartsWith("d.csv, line 3, column 1 (\"a\"): ", errors[0].Message, StringComparison.Ordinal);
        Assert.True(CsvLoader.Parse(text, "d.csv").IsSuccess); // the same file in double is fine
    }

    [Property(MaxTest = 100)]
    public Property Scalers_fitted_on_rows_in_place_equal_scalers_fitted_on_a_copy_of_those_rows() =>
        Prop.ForAll(
            Gen.Choose(1, 5).SelectMany(cols => Gen.Choose(2, 30).SelectMany(rows =>
                ArbMap.Default.GeneratorFor<NormalFloat>().ArrayOf(cols * rows).SelectMany(values =>
                    Gen.Choose(1, 20).SelectMany(k => Gen.Choose(0, rows - 1).ArrayOf(k)).Select(ix => (cols, rows, values, ix))))).ToArbitrary(),
            t =>
            {
                var x = Matrix<double>.Create(t.rows, t.cols, t.values.Select(v => v.Get).ToArray());
                var copy = x.SelectRows(t.ix);
                var (s1, s2) = (StandardScaler.Fit(x, t.ix), StandardScaler.Fit(copy));
                var (m1, m2) = (MinMaxScaler.Fit(x, t.ix), MinMaxScaler.Fit(copy));
                var card = new ScalerCard("standard", s2.Mean, s2.Scale);
                var data = Dataset.Classification(x, Enumerable.Range(0, t.rows).Select(r => r % 2));
                var gathered = data.SelectRows(t.ix, s2.Mean, s2.Scale).Features.Span.ToArray();
                return s1.Mean.SequenceEqual(s2.Mean) && s1.Scale.SequenceEqual(s2.Scale)
                    && m1.DataMin.SequenceEqual(m2.DataMin) && m1.DataMax.SequenceEqual(m2.DataMax)
                    && gathered.SequenceEqual(card.Apply(copy).Span.ToArray());
            });
}
