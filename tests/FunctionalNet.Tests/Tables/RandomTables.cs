using System.Collections.Immutable;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Data.Tables;

namespace FunctionalNet.Tests.Tables;

/// <summary>Random raw tables for the table properties: numeric and text columns with random gaps, as CSV text and as a <see cref="Table"/>.</summary>
internal static class RandomTables
{
    /// <summary>A seed, a row count and a column count, enough to build a table deterministically.</summary>
    public static Arbitrary<(int Seed, int Rows, int Cols)> Shapes(int maxRows = 40, int maxCols = 5) =>
        (from seed in Gen.Choose(0, int.MaxValue) from rows in Gen.Choose(1, maxRows) from cols in Gen.Choose(1, maxCols) select (seed, rows, cols)).ToArbitrary();

    /// <summary>
    /// A table of <paramref name="cols"/> columns, alternately numeric (small integers and halves, some repeated, so
    /// medians and ties occur) and text (a few categories), each cell missing with probability 0.2; every column keeps
    /// at least one value.
    /// </summary>
    public static Table Make(int seed, int rows, int cols, string prefix = "c")
    {
        var random = new Random(seed);
        var columns = new List<TableColumn>();
        for (int c = 0; c < cols; c++)
        {
            string name = prefix + c.ToString(CultureInfo.InvariantCulture);
            bool Gap(int r) => r > 0 && random.NextDouble() < 0.2;
            if (c % 2 == 0)
                columns.Add(new NumberColumn(name, [.. Enumerable.Range(0, rows).Select(r => Gap(r) ? double.NaN : random.Next(-6, 7) / 2.0)]));
            else
                columns.Add(new TextColumn(name, [.. Enumerable.Range(0, rows).Select(r => Gap(r) ? null : "abcde"[random.Next(1 + c % 5)].ToString())]));
        }
        return Table.Create(columns).Match(t => t, e => throw new InvalidOperationException(e.Message));
    }

    /// <summary><see cref="Make"/>'s table with every text column's cell <paramref name="row"/> set to <paramref name="category"/> (one training never saw).</summary>
    public static Table WithCategory(Table table, int row, string category) =>
        Table.Create(table.Columns.Select(c => c is TextColumn t ? new TextColumn(t.Name, [.. t.Values.Select((v, r) => r == row ? category : v)]) : c))
            .Match(t => t, e => throw new InvalidOperationException(e.Message));

    /// <summary>The column's present numbers (NaN is missing).</summary>
    public static double[] Present(NumberColumn column) => [.. column.Values.Where(v => !double.IsNaN(v))];

    /// <summary>The table as CSV text with a header, gaps written as <paramref name="gap"/>.</summary>
    public static string Csv(Table table, string gap = "")
    {
        var lines = new List<string> { string.Join(",", table.Columns.Select(c => c.Name)) };
        for (int r = 0; r < table.Rows; r++)
            lines.Add(string.Join(",", table.Columns.Select(c => c switch
            {
                NumberColumn n => double.IsNaN(n.Values[r]) ? gap : n.Values[r].ToString("R", CultureInfo.InvariantCulture),
                TextColumn t => t.Values[r] ?? gap,
                _ => throw new InvalidOperationException(),
            })));
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>The value or error of a validation, failing the test with the errors.</summary>
    public static T Ok<T>(LanguageExt.Validation<Error, T> result) =>
        result.Match(v => v, errors => throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message))));

    /// <summary>The errors of a validation that must have failed.</summary>
    public static ImmutableArray<Error> Errors<T>(LanguageExt.Validation<Error, T> result) =>
        result.Match(_ => throw new InvalidOperationException("expected a failure"), errors => errors.ToImmutableArray());
}
