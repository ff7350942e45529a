using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;
using FunctionalNet.Formats;
using static FunctionalNet.Tests.Tables.RandomTables;

namespace FunctionalNet.Tests.Tables;

/// <summary>
/// A regressor fitted on a raw table holds its preprocessing as the classifier does: it predicts raw rows with gaps
/// and unseen categories, the card keeps it with the missing markers the table was read with, and the targets must be
/// present numbers.
/// </summary>
public class TableRegressorTests
{
    private static readonly MlpOptions Small = MlpOptions.RegressionDefault with { Layers = [4], Epochs = 5 };

    // A random table plus a target that depends on the row, so it varies.
    private static Table Valued(int seed, int rows, int cols)
    {
        var table = Make(seed, Math.Max(rows, 2), cols);
        var target = new NumberColumn("v", [.. Enumerable.Range(0, table.Rows).Select(r => r * 0.5 - 1)]);
        return Table.Create([.. table.Columns, target]).Match(t => t, e => throw new InvalidOperationException(e.Message)) with { MissingValues = ["", "-"] };
    }

    [Property(MaxTest = 10)]
    public Property A_table_regressor_round_trips_through_its_card_with_its_preprocessing_and_markers() =>
        Prop.ForAll(Shapes(maxRows: 20, maxCols: 4), shape =>
        {
            var train = Valued(shape.Seed, shape.Rows, shape.Cols);
            var before = Ok(Regressor.Fit(train, ["v"], Small, new TablePreprocessingOptions { MissingIndicator = shape.Seed % 2 == 0 }));
            var rows = WithCategory(Make(shape.Seed + 1, 6, shape.Cols), 2, "zz");
            var files = ModelDirectory.Encode(before);
            var after = ModelDirectory.DecodeRegressor(files.Card, files.Weights).Match(v => v, e => throw new InvalidOperationException(e.Message));
            var p = Ok(before.Predict(rows));
            var q = Ok(after.Predict(rows));
            return after.Preprocessing is { } kept && kept.FeatureNames.SequenceEqual(before.Preprocessing!.FeatureNames)
                && kept.Markers.SequenceEqual(["", "-"]) && !kept.FeatureNames.Contains("v")
                && p.Rows == 6 && p.Cols == 1
                && Enumerable.Range(0, p.Rows).All(i => p[i, 0].Equals(q[i, 0]) && double.IsFinite(p[i, 0]));
        });

    [Fact]
    public void A_missing_or_text_target_is_refused_naming_the_row()
    {
        var numbers = new NumberColumn("a", [1, 2, 3]);
        var gap = Table.Create([numbers, new NumberColumn("v", [1, double.NaN, 3])]).Match(t => t, e => throw new InvalidOperationException(e.Message));
        var text = Table.Create([numbers, new TextColumn("v", ["1", "x", "3"])]).Match(t => t, e => throw new InvalidOperationException(e.Message));
        Assert.Equal("table, row 2, column \"v\": expected a target value, found a missing cell", Errors(Regressor.Fit(gap, ["v"], Small)).Single().Message);
        Assert.Equal("table, row 2, column \"v\": expected a number (a regression target), found \"x\"", Errors(Regressor.Fit(text, ["v"], Small)).Single().Message);
    }

    [Fact]
    public void Old_cards_without_markers_read_new_rows_with_the_default_markers()
    {
        var train = Valued(4, 12, 2);
        var regressor = Ok(Regressor.Fit(train, ["v"], Small));
        var card = ModelDirectory.Card(regressor);
        var old = card with { Preprocessing = card.Preprocessing with { Table = regressor.Preprocessing! with { MissingValues = default } } };
        Assert.DoesNotContain("missing_values", old.ToJson(), StringComparison.Ordinal);
        var parsed = ModelCard.Parse(old.ToJson()).Match(c => c, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(TableOptions.DefaultMissingValues, parsed.Preprocessing.Table!.Markers);
        Assert.Contains("\"missing_values\"", card.ToJson(), StringComparison.Ordinal);
    }
}
