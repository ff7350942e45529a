using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data.Tables;
using static FunctionalNet.Tests.Tables.RandomTables;

namespace FunctionalNet.Tests.Tables;

/// <summary>Reading a raw table: roles inferred from what a column holds, overrides, missing markers, and one named error per problem.</summary>
public class TableReaderTests
{
    [Property(MaxTest = 100)]
    public Property A_table_written_as_csv_reads_back_with_the_same_columns_kinds_and_gaps() =>
        Prop.ForAll(Shapes(), Gen.Elements("", "NA", "NaN", "?", "null").ToArbitrary(), (shape, gap) =>
        {
            // Two columns at least: a one-column row with an empty gap is a blank line, which CSV readers skip.
            var table = Make(shape.Seed, shape.Rows, Math.Max(2, shape.Cols));
            var read = Ok(TableReader.Parse(Csv(table, gap), "t.csv"));
            // A text column whose present cells all happen to be numbers cannot occur here: its cells are letters.
            return read.Rows == table.Rows && read.Columns.Length == table.Columns.Length
                && read.Columns.Zip(table.Columns, (a, b) => (First: a, Second: b)).All(p => p.First.GetType() == p.Second.GetType() && p.First.Name == p.Second.Name
                    && Enumerable.Range(0, table.Rows).All(r => p.First.IsMissing(r) == p.Second.IsMissing(r)))
                && read.Columns.OfType<NumberColumn>().Zip(table.Columns.OfType<NumberColumn>(), (a, b) => (First: a, Second: b)).All(p => p.First.Values.SequenceEqual(p.Second.Values))
                && read.Lines.SequenceEqual(Enumerable.Range(2, table.Rows));
        });

    [Fact]
    public void Numbers_with_gaps_are_numeric_and_any_text_makes_a_column_categorical()
    {
        var table = Ok(TableReader.Parse("id,cyl,hp,name\n1,4,90,a\n2,6,,b\n3,rotary,NA,c\n", "cars.csv"));
        Assert.IsType<NumberColumn>(table.Column("id"));
        var cyl = Assert.IsType<TextColumn>(table.Column("cyl"));
        Assert.Equal("4|6|rotary", string.Join("|", cyl.Values));
        var hp = Assert.IsType<NumberColumn>(table.Column("hp"));
        Assert.Equal(90, hp.Values[0]);
        Assert.Equal(2, hp.MissingCount);
    }

    [Fact]
    public void Overrides_drop_columns_keep_numbers_as_categories_and_choose_the_missing_markers()
    {
        var options = new TableOptions { Drop = ["id"], Categorical = ["cyl"], MissingValues = ["-"] };
        var table = Ok(TableReader.Parse("id,cyl,hp\n1,4,90\n2,6,-\n3,4,NA\n", "cars.csv", options));
        Assert.Null(table.Column("id"));
        Assert.Equal("4|6|4", string.Join("|", Assert.IsType<TextColumn>(table.Column("cyl")).Values));
        // NA is not a marker any more, so "hp" holds text.
        Assert.Equal([true, false, true], Assert.IsType<TextColumn>(table.Column("hp")).Values.Select(v => v is not null).ToArray());
        Assert.Equal("90||NA", string.Join("|", ((TextColumn)table.Column("hp")!).Values));
    }

    [Fact]
    public void A_text_cell_in_a_column_given_as_numeric_is_one_error_naming_line_and_column()
    {
        var error = Assert.Single(Errors(TableReader.Parse("a,b\n1,2\n3,x\n", "t.csv", new TableOptions { Numeric = ["b"] })));
        Assert.Equal("table.non-numeric", error.Code);
        Assert.Equal("t.csv, line 3, column \"b\": expected a number (the column is numeric), found \"x\"", error.Message);
    }

    [Theory]
    [InlineData("", "table.empty")]
    [InlineData("a,b\n", "table.header-only")]
    [InlineData("a,b\n1,2\n3\n", "table.ragged-row")]
    [InlineData("a,b\n1,\"2\n", "table.quote")]
    [InlineData("a,b\n1,2\n3,-Infinity\n", "table.non-finite")]
    public void Malformed_files_are_refused_with_a_named_error(string text, string code) =>
        Assert.Equal(code, Errors(TableReader.Parse(text, "t.csv"))[0].Code);

    [Fact]
    public void An_override_naming_no_column_is_refused_listing_the_columns() =>
        Assert.Equal("t.csv: no column named \"z\"; the columns are \"a\", \"b\"",
            Assert.Single(Errors(TableReader.Parse("a,b\n1,2\n", "t.csv", new TableOptions { Drop = ["z"] }))).Message);
}
