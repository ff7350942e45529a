using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using LanguageExt;

namespace FunctionalNet.Tests.Data;

public class CsvLoaderTests
{
    private static Dataset Ok(string text, CsvOptions? options = null) =>
        CsvLoader.Parse(text, "t.csv", options).Match(d => d, e => throw new InvalidOperationException(string.Join("; ", e)));

    private static Error Single(string text, CsvOptions? options = null)
    {
        var errors = CsvLoader.Parse(text, "data.csv", options).Match(_ => throw new InvalidOperationException("expected an error"), e => e.ToArray());
        Assert.Single(errors);
        return errors[0];
    }

    [Fact]
    public void Reads_a_headed_numeric_file_with_the_label_last()
    {
        var d = Ok("x0,x1,label\n1.5,2,0\n-3e2,4,1\n\n5,6,1\n");
        Assert.Equal(["x0", "x1"], d.FeatureNames.ToArray());
        Assert.Equal([1.5, 2, -300, 4, 5, 6], d.Features.Span.ToArray());
        Assert.Equal([0, 1, 1], d.Labels.ToArray());
        Assert.Equal(["0", "1"], d.Classes.ClassNames.ToArray());
    }

    [Fact]
    public void Detects_no_header_and_sorts_numeric_classes_by_value()
    {
        var d = Ok("1,2,10\n3,4,9\n5,6,10\n");
        Assert.Equal(3, d.Count);
        Assert.Equal(["9", "10"], d.Classes.ClassNames.ToArray());
        Assert.Equal([1, 0, 1], d.Labels.ToArray());
        Assert.Equal(["x0", "x1"], d.FeatureNames.ToArray());
    }

    [Property(MaxTest = 200)]
    public Property A_header_of_column_positions_is_recognised_with_text_labels() =>
        // Issue 16: pandas writes an unnamed-columns frame with a text label as "0,1,2,3,species"; the header became
        // a data row of class "species". Guessing must agree with an explicit header, wherever the label column is.
        Prop.ForAll(
            Gen.Choose(1, 5).ToArbitrary(), Gen.Choose(2, 20).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(),
            (features, rows, seed) =>
            {
                var rng = new Random(seed);
                int from = seed % 2; // pandas numbers from 0; some tools from 1
                string Row(IEnumerable<string> cells, string label) => string.Join(",", cells.Append(label)) + "\n";
                var text = Row(Enumerable.Range(from, features).Select(j => j.ToString(CultureInfo.InvariantCulture)), "species")
                    + string.Concat(Enumerable.Range(0, rows).Select(_ => Row(
                        Enumerable.Range(0, features).Select(_ => (rng.Next(-500, 500) / 10.0).ToString(CultureInfo.InvariantCulture)),
                        new[] { "setosa", "versicolor", "virginica" }[rng.Next(3)])));
                var options = new CsvOptions { AllowSingleClass = true };
                var guessed = Ok(text, options);
                var given = Ok(text, options with { HasHeader = true });
                return guessed.Count == rows && !guessed.Classes.ClassNames.Contains("species")
                    && guessed.FeatureNames.SequenceEqual(given.FeatureNames)
                    && guessed.Features.Span.SequenceEqual(given.Features.Span) && guessed.Labels.ToArray().SequenceEqual(given.Labels.ToArray());
            });

    [Fact]
    public void An_explicit_header_option_wins_over_a_column_position_header()
    {
        const string text = "0,1,2,3,species\n5.1,3.5,1.4,0.2,setosa\n4.9,3.0,1.4,0.2,setosa\n6.3,2.9,5.6,1.8,virginica\n";
        Assert.Equal(["setosa", "virginica"], Ok(text).Classes.ClassNames.ToArray());
        var forced = Ok(text, new CsvOptions { HasHeader = false });
        Assert.Equal(4, forced.Count);
        Assert.Equal(["setosa", "species", "virginica"], forced.Classes.ClassNames.ToArray());
        // Positions that are not 0…k−1 or 1…k stay data: a lone text label alone is a legitimate rare class.
        Assert.Equal(4, Ok("5,7,rare\n5.1,3.5,setosa\n4.9,3.0,setosa\n6.3,2.9,virginica\n").Count);
    }

    [Property(MaxTest = 200)]
    public Property Numeric_labels_are_one_class_per_value_whatever_their_spelling() =>
        // Issue 16: "1" and "1.0" in one column became two classes.
        Prop.ForAll(
            Gen.Choose(-3, 3).SelectMany(v => Gen.Choose(0, 4).Select(s => (v, s))).ListOf().Where(l => l.Count >= 2).ToArbitrary(),
            labels =>
            {
                string[] Spell(int v) => [$"{v}", $"{v}.0", $"{v}e0", $"{v * 10}e-1", $"{v}.000"];
                var text = string.Concat(labels.Select((l, i) => $"{i},{Spell(l.v)[l.s]}\n"));
                var distinct = labels.Select(l => l.v).Distinct().Order().ToArray();
                var d = CsvLoader.Parse(text, "t.csv", new CsvOptions { HasHeader = false, AllowSingleClass = true }).Match(d => d, e => throw new InvalidOperationException(e.Head.Message));
                return d.Classes.ClassNames.SequenceEqual(distinct.Select(v => v.ToString(CultureInfo.InvariantCulture)))
                    && d.Labels.ToArray().SequenceEqual(labels.Select(l => Array.IndexOf(distinct, l.v)));
            });

    [Fact]
    public void Text_labels_stay_strings_even_when_some_look_numeric()
    {
        var d = Ok("1,1\n2,1.0\n3,x\n");
        Assert.Equal(["1", "1.0", "x"], d.Classes.ClassNames.ToArray());
    }

    [Fact]
    public void A_header_of_numeric_names_is_recognised_by_its_lone_text_label()
    {
        var d = Ok("0,1,label\n1,2,0\n3,4,1\n5,6,1\n");
        Assert.Equal(["0", "1"], d.FeatureNames.ToArray());
        Assert.Equal([1.0, 2, 3, 4, 5, 6], d.Features.Span.ToArray());
        Assert.Equal(["0", "1"], d.Classes.ClassNames.ToArray());
        Assert.Equal([0, 1, 1], d.Labels.ToArray());
        // A text label among text labels is data, as in the iris file.
        Assert.Equal(3, Ok("5.1,3.5,setosa\n4.9,3.0,setosa\n6.3,2.9,virginica\n").Count);
    }

    [Fact]
    public void Maps_string_labels_to_sorted_classes_and_finds_the_label_by_name_with_semicolons()
    {
        var d = Ok("species;petal length;petal width\nvirginica;5.1;1.8\nsetosa;1.4;0.2\nversicolor;4.5;1.5\nsetosa;1.3;0.2\n",
            new CsvOptions { Label = LabelColumn.Named("Species") });
        Assert.Equal(["setosa", "versicolor", "virginica"], d.Classes.ClassNames.ToArray());
        Assert.Equal([2, 0, 1, 0], d.Labels.ToArray());
        Assert.Equal(["petal length", "petal width"], d.FeatureNames.ToArray());
        Assert.Equal([5.1, 1.8, 1.4, 0.2, 4.5, 1.5, 1.3, 0.2], d.Features.Span.ToArray());
    }

    [Fact]
    public void Label_by_index_tabs_and_quoted_fields()
    {
        var d = Ok("\"a, b\"\t\"class \"\"x\"\"\"\t c \n1\t\"yes, really\"\t2\n3\tno\t4\n",
            new CsvOptions { Label = LabelColumn.At(1) });
        Assert.Equal(["a, b", "c"], d.FeatureNames.ToArray());
        Assert.Equal(["no", "yes, really"], d.Classes.ClassNames.ToArray());
        Assert.Equal([1.0, 2, 3, 4], d.Features.Span.ToArray());
        Assert.Equal([1, 0], d.Labels.ToArray());
    }

    [Fact]
    public void Regression_and_unlabelled_tasks()
    {
        var r = Ok("a,b,y\n1,2,0.5\n3,4,-1.5\n", new CsvOptions { Task = CsvTask.Regression });
        var values = Assert.IsType<ValueTargets>(r.Targets);
        Assert.Equal([0.5, -1.5], values.Values.Span.ToArray());
        Assert.Equal(["y"], values.Names.ToArray());
        var u = Ok("1,2,3\n4,5,6\n", new CsvOptions { Task = CsvTask.Unlabelled });
        Assert.Equal(3, u.FeatureCount);
        Assert.IsType<NoTargets>(u.Targets);
    }

    [Fact]
    public void Streams_bytes_with_a_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("x,label\n1,a\n2,b\n")).ToArray();
        using var stream = new MemoryStream(bytes);
        var d = CsvLoader.Load(stream, "bom.csv").Match(x => x, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal(["x"], d.FeatureNames.ToArray());
        Assert.True(stream.CanRead, "the loader leaves the caller's stream open");
    }

    [Fact]
    public void Reading_the_embedded_digits_csv_gives_the_bundled_digits()
    {
        using var stream = typeof(BundledDigits).Assembly.GetManifestResourceStream("FunctionalNet.Data.digits_test.csv")!;
        var d = CsvLoader.Load(stream, "digits_test.csv").Match(x => x, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal(BundledDigits.Test.Features.Span.ToArray(), d.Features.Span.ToArray());
        Assert.Equal(BundledDigits.Test.Labels, d.Labels.ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)), d.Classes.ClassNames);
    }

    [Fact]
    public void Reads_the_shared_moons_file_format()
    {
        var d = Ok("x0,x1,label\n2.0427153084048171,0.51812416464556366,1\n1.7203370829236884,-0.13233803762678112,0\n");
        Assert.Equal(2.0427153084048171, d.Features[0, 0]);
    }

    [Fact]
    public void Ragged_row_names_file_line_and_column()
    {
        var e = Single("a,b,label\n1,2,0\n3,4,5,1\n");
        Assert.Equal("csv.ragged-row", e.Code);
        Assert.Equal("data.csv, line 3, column 4: expected 3 fields (as on line 1), found 4", e.Message);
        Assert.Contains("line 2, column 3 (\"label\"): expected 3 fields", Single("a,b,label\n1,2\n3,4,1\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_numeric_cell_names_file_line_column_and_header()
    {
        var e = Single("a,b,label\n1,2,0\n3,x4,1\n");
        Assert.Equal("csv.non-numeric", e.Code);
        Assert.Equal("data.csv, line 3, column 2 (\"b\"): expected a number, found \"x4\"", e.Message);
    }

    [Fact]
    public void Empty_cell_is_non_numeric()
    {
        var e = Single("1,2,0\n,3,1\n");
        Assert.Equal("data.csv, line 2, column 1: expected a number, found an empty cell", e.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    [InlineData("-inf")]
    [InlineData("1e999")]
    public void Non_finite_cell_names_file_line_and_column(string cell)
    {
        var e = Single($"a,b,label\n1,2,0\n3,{cell},1\n");
        Assert.Equal("csv.non-finite", e.Code);
        Assert.Equal($"data.csv, line 3, column 2 (\"b\"): expected a finite number, found \"{cell}\"", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void Empty_file_is_an_error(string text)
    {
        var e = Single(text);
        Assert.Equal("csv.empty", e.Code);
        Assert.Equal("data.csv, line 1, column 1: expected a header or data rows, found an empty file", e.Message);
    }

    [Fact]
    public void Header_only_is_an_error()
    {
        var e = Single("\nx0,x1,label\n");
        Assert.Equal("csv.header-only", e.Code);
        Assert.Equal("data.csv, line 2: expected data rows after the header, found only the header", e.Message);
    }

    [Fact]
    public void A_single_class_is_an_error_for_classification()
    {
        var e = Single("x,y,species\n1,2,setosa\n3,4,setosa\n");
        Assert.Equal("csv.single-class", e.Code);
        Assert.Equal("data.csv, column 3 (\"species\"): expected at least 2 classes for classification, found only \"setosa\" in all 2 rows", e.Message);
    }

    [Fact]
    public void A_single_class_loads_when_allowed_for_scoring()
    {
        var d = Ok("x,y,species\n1,2,setosa\n3,4,setosa\n", CsvOptions.Default with { AllowSingleClass = true });
        Assert.Equal(["setosa"], d.Classes.ClassNames.ToArray());
        Assert.Equal([0, 0], d.Labels.ToArray());
        Assert.Equal([1.0, 2, 3, 4], d.Features.Span.ToArray());
    }

    [Fact]
    public void A_guessed_numeric_header_is_still_recognised_in_a_single_class_file()
    {
        // "0,1,label" looks like data until the end shows "label" once among numbers; with one class that must still hold.
        var d = Ok("0,1,label\n1,2,7\n3,4,7\n", CsvOptions.Default with { AllowSingleClass = true });
        Assert.Equal(["0", "1"], d.FeatureNames.ToArray());
        Assert.Equal(["7"], d.Classes.ClassNames.ToArray());
        Assert.Equal(2, d.Count);
    }

    [Fact]
    public void Unterminated_quote_names_line_and_column()
    {
        var e = Single("a,b,label\n1,\"2,0\n");
        Assert.Equal("csv.quote", e.Code);
        Assert.Equal("data.csv, line 2, column 2 (\"b\"): expected a closing quote before the end of the line, found none", e.Message);
    }

    [Fact]
    public void Empty_label_names_line_and_column()
    {
        var e = Single("a,label\n1,x\n2, \n3,y\n");
        Assert.Equal("csv.empty-label", e.Code);
        Assert.Equal("data.csv, line 3, column 2 (\"label\"): expected a class label, found an empty cell", e.Message);
    }

    [Fact]
    public void Missing_label_column_lists_the_header()
    {
        var e = Single("a,b\n1,2\n", new CsvOptions { Label = LabelColumn.Named("target") });
        Assert.Equal("csv.label-column", e.Code);
        Assert.Equal("data.csv, line 1: expected a column named \"target\", found \"a\", \"b\"", e.Message);
        Assert.Contains("label column index 5 within the 2 columns", Single("1,2\n", new CsvOptions { Label = LabelColumn.At(5) }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_errors_are_reported_together_up_to_the_limit()
    {
        var text = "a,label\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"x{i},1\n"));
        var errors = CsvLoader.Parse(text, "many.csv", new CsvOptions { MaxErrors = 3 }).Match(_ => [], e => e.ToArray());
        Assert.Equal(["csv.non-numeric", "csv.non-numeric", "csv.non-numeric", "csv.too-many-errors"], errors.Select(x => x.Code));
        Assert.Equal("many.csv, line 5: stopped reading after 3 errors", errors[3].Message);
    }

    [Fact]
    public void Impossible_options_are_programming_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CsvLoader.Parse("1,0\n2,1\n", "o.csv", new CsvOptions { MaxErrors = 0 }));
        Assert.Throws<ArgumentException>(() => CsvLoader.Parse("1,0\n2,1\n", "o.csv", new CsvOptions { Delimiter = '"' }));
    }

    [Fact]
    public void A_large_stream_is_read_line_by_line()
    {
        // 200 000 rows through a reader that only hands out lines: the loader never needs the whole text.
        var d = CsvLoader.Load(new GeneratedLines(200_000), "big.csv").Match(x => x, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal(200_000, d.Count);
        Assert.Equal(199_999.0, d.Features[199_999, 0]);
        Assert.Equal(2, d.Classes.ClassCount);
    }

    // A TextReader producing "i,i%2" lines on demand (ReadLine only), so the text never exists as a whole.
    private sealed class GeneratedLines(int rows) : TextReader
    {
        private int next = -1;

        public override string? ReadLine() =>
            next++ < 0 ? "x,label" : next <= rows ? $"{next - 1},{(next - 1) % 2}" : null;
    }
}
