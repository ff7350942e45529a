using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;
using static FunctionalNet.Tests.Tables.RandomTables;

namespace FunctionalNet.Tests.Tables;

/// <summary>
/// The fitted table preprocessing against scikit-learn's definitions, written out independently here:
/// SimpleImputer's median (numpy: the mean of the sorted values at ⌊(n−1)/2⌋ and ⌈(n−1)/2⌉), mean and most
/// frequent (ties to the smallest), OneHotEncoder's sorted categories, handle_unknown='ignore' and max_categories.
/// </summary>
public class TablePreprocessingProperties
{
    private static readonly Gen<TablePreprocessingOptions> AnyOptions =
        from numeric in Gen.Elements("median", "mean", "constant")
        from categorical in Gen.Elements("most-frequent", TablePreprocessingOptions.MissingCategory)
        from max in Gen.Elements<int?>(null, 1, 2, 3)
        from indicator in Gen.Elements(false, true)
        select new TablePreprocessingOptions { NumericImputer = numeric, FillValue = -7.5, CategoricalImputer = categorical, MaxCategories = max, MissingIndicator = indicator };

    private static double NumpyMedian(double[] v)
    {
        var s = v.OrderBy(x => x).ToArray();
        return (s[(s.Length - 1) / 2] + s[s.Length / 2]) / 2;
    }

    [Property(MaxTest = 150)]
    public Property Imputers_and_the_encoder_follow_scikit_learns_definitions() =>
        Prop.ForAll(Shapes(), AnyOptions.ToArbitrary(), (shape, options) =>
        {
            var table = Make(shape.Seed, shape.Rows, shape.Cols);
            var fitted = Ok(TablePreprocessing.Fit(table, options));
            var x = Ok(fitted.Transform(table));
            int at = 0;
            bool ok = x.Rows == table.Rows && x.Cols == fitted.FeatureNames.Length;
            foreach (var (column, encoding) in table.Columns.Zip(fitted.Columns))
            {
                bool hasGaps = column.MissingCount > 0;
                ok &= encoding.Indicator == (options.MissingIndicator && hasGaps);
                if (column is NumberColumn n)
                {
                    var present = Present(n);
                    double expected = options.NumericImputer switch
                    {
                        "mean" => present.Sum() / present.Length,
                        "constant" => -7.5,
                        _ => NumpyMedian(present),
                    };
                    ok &= encoding.Fill == expected && fitted.FeatureNames[at] == n.Name;
                    for (int r = 0; r < table.Rows; r++) ok &= x[r, at] == (n.IsMissing(r) ? expected : n.Values[r]);
                }
                else
                {
                    var t = (TextColumn)column;
                    var present = t.Values.Where(v => v is not null).Select(v => v!).ToArray();
                    string fill = options.CategoricalImputer == "most-frequent"
                        ? present.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key
                        : "missing";
                    var imputed = t.Values.Select(v => v ?? fill).ToArray();
                    var counts = imputed.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
                    var sorted = counts.Keys.Order(StringComparer.Ordinal).ToList();
                    // max_categories: keep the max − 1 largest counts, ties to the later category in sorted order.
                    var frequent = options.MaxCategories is { } max && sorted.Count > max
                        ? [.. sorted.OrderByDescending(c => counts[c]).ThenByDescending(c => c, StringComparer.Ordinal).Take(max - 1).Order(StringComparer.Ordinal)]
                        : sorted;
                    bool grouped = frequent.Count < sorted.Count;
                    ok &= encoding.FillCategory == fill && encoding.Categories.SequenceEqual(frequent);
                    ok &= fitted.FeatureNames.Skip(at).Take(frequent.Count).SequenceEqual(frequent.Select(c => $"{t.Name}={c}"));
                    for (int r = 0; r < table.Rows; r++)
                    {
                        int k = frequent.IndexOf(imputed[r]);
                        int slot = k >= 0 ? k : frequent.Count; // an infrequent value lights the trailing column
                        for (int j = 0; j < frequent.Count + (grouped ? 1 : 0); j++) ok &= x[r, at + j] == (j == slot ? 1 : 0);
                    }
                }
                if (encoding.Indicator)
                    for (int r = 0; r < table.Rows; r++) ok &= x[r, at + encoding.Width - 1] == (column.IsMissing(r) ? 1 : 0);
                at += encoding.Width;
            }
            return ok && at == x.Cols;
        });

    [Property(MaxTest = 60)]
    public Property Fitting_reads_only_the_training_rows_and_each_test_row_is_encoded_by_itself() =>
        Prop.ForAll(Shapes(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (shape, testSeed) =>
        {
            var train = Make(shape.Seed, shape.Rows, shape.Cols);
            var test = Make(testSeed, 6, shape.Cols);
            var fitted = Ok(TablePreprocessing.Fit(train));
            // Fitting on the training rows again, whatever test rows exist, gives the same value; a test row's
            // features depend only on that row.
            var all = Ok(fitted.Transform(test));
            bool rowByRow = Enumerable.Range(0, test.Rows).All(r =>
            {
                var one = Table.Create(test.Columns.Select(c => c switch
                {
                    NumberColumn n => (TableColumn)new NumberColumn(n.Name, [n.Values[r]]),
                    TextColumn t => new TextColumn(t.Name, [t.Values[r]]),
                    _ => throw new InvalidOperationException(),
                })).Match(t => t, e => throw new InvalidOperationException(e.Message));
                var single = Ok(fitted.Transform(one));
                return Enumerable.Range(0, all.Cols).All(j => single[0, j] == all[r, j]);
            });
            return rowByRow && Ok(TablePreprocessing.Fit(train)).Columns.SequenceEqual(fitted.Columns, new EncodingComparer());
        });

    private sealed class EncodingComparer : IEqualityComparer<ColumnEncoding>
    {
        public bool Equals(ColumnEncoding? a, ColumnEncoding? b) => a!.Name == b!.Name && a.Fill.Equals(b.Fill) && a.FillCategory == b.FillCategory
            && a.Categories.SequenceEqual(b.Categories) && a.Infrequent.SequenceEqual(b.Infrequent) && a.Indicator == b.Indicator;

        public int GetHashCode(ColumnEncoding e) => e.Name.GetHashCode(StringComparison.Ordinal);
    }

    private static Table Cars(params string?[] colours) =>
        Table.Create([new NumberColumn("hp", [.. colours.Select((_, i) => 90.0 + i)]), new TextColumn("colour", [.. colours])])
            .Match(t => t, e => throw new InvalidOperationException(e.Message));

    [Fact]
    public void A_category_seen_only_in_the_test_rows_is_all_zeros_or_with_unknown_error_one_named_error()
    {
        var fitted = Ok(TablePreprocessing.Fit(Cars("red", "blue", "red")));
        Assert.Equal(["hp", "colour=blue", "colour=red"], fitted.FeatureNames.ToArray());
        var x = Ok(fitted.Transform(Cars("green", null)));
        Assert.Equal([90.0, 0, 0, 91, 0, 1], Enumerable.Range(0, 6).Select(i => x[i / 3, i % 3]).ToArray());
        var error = Assert.Single(Errors((fitted with { Unknown = "error" }).Transform(Cars("green"))));
        Assert.Equal("table.unknown-category", error.Code);
        Assert.StartsWith("table, row 1, column \"colour\": category \"green\" was not seen in training", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_all_missing_column_is_refused_in_one_line_naming_it()
    {
        var error = Assert.Single(Errors(TablePreprocessing.Fit(Cars(null, null))));
        Assert.Equal("table.all-missing", error.Code);
        Assert.Equal("table: column \"colour\" has no value in any of the 2 training rows; drop it (--drop colour)", error.Message);
    }

    [Fact]
    public void Without_imputation_a_gap_is_refused_naming_its_line()
    {
        var table = Ok(TableReader.Parse("hp,colour\n90,red\n91,\n", "t.csv"));
        var error = Assert.Single(Errors(TablePreprocessing.Fit(table, new TablePreprocessingOptions { NumericImputer = "none" })));
        Assert.Equal("t.csv, line 3, column \"colour\": expected a value, found a missing cell (imputation is off)", error.Message);
    }
}
