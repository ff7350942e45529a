using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;
using FunctionalNet.Formats;
using static FunctionalNet.Tests.Tables.RandomTables;

namespace FunctionalNet.Tests.Tables;

/// <summary>A classifier fitted on a raw table holds its preprocessing: it predicts raw rows with gaps and unseen categories, and the card keeps it.</summary>
public class TableClassifierTests
{
    private static readonly MlpOptions Small = new() { Layers = [4], Epochs = 5 };

    // A random table plus a label that depends on its first column, so two classes always occur.
    private static Table Labelled(int seed, int rows, int cols)
    {
        var table = Make(seed, Math.Max(rows, 2), cols);
        var labels = new TextColumn("y", [.. Enumerable.Range(0, table.Rows).Select(r => r % 2 == 0 ? "yes" : "no")]);
        return Table.Create([.. table.Columns, labels]).Match(t => t, e => throw new InvalidOperationException(e.Message));
    }

    [Property(MaxTest = 12)]
    public Property A_table_classifier_round_trips_through_its_card_with_its_preprocessing() =>
        Prop.ForAll(Shapes(maxRows: 20, maxCols: 4), shape =>
        {
            var train = Labelled(shape.Seed, shape.Rows, shape.Cols);
            var options = new TablePreprocessingOptions { MissingIndicator = shape.Seed % 2 == 0, MaxCategories = 2 };
            var before = Ok(Classifier.Fit(train, "y", Small, options));
            // New raw rows: other gaps, and categories the training never saw ("zz").
            var rows = WithCategory(Make(shape.Seed + 1, 7, shape.Cols), 3, "zz");
            var files = ModelDirectory.Encode(before);
            var after = ModelDirectory.DecodeClassifier(files.Card, files.Weights).Match(v => v, e => throw new InvalidOperationException(e.Message));
            var p = Ok(before.PredictProba(rows));
            var q = Ok(after.PredictProba(rows));
            return after.Preprocessing is { } kept && kept.FeatureNames.SequenceEqual(before.Preprocessing!.FeatureNames)
                && after.FeatureNames.SequenceEqual(before.Preprocessing.FeatureNames)
                && Enumerable.Range(0, p.Rows * p.Cols).All(i => p[i / p.Cols, i % p.Cols].Equals(q[i / q.Cols, i % q.Cols]))
                && Ok(after.Predict(rows)).Length == 7;
        });

    [Fact]
    public void A_card_whose_table_part_does_not_make_the_networks_inputs_is_refused_by_name()
    {
        var train = Labelled(3, 10, 2);
        var classifier = Ok(Classifier.Fit(train, "y", Small));
        var card = ModelDirectory.Card(classifier);
        var broken = card with { Preprocessing = card.Preprocessing with { Table = classifier.Preprocessing! with { Columns = classifier.Preprocessing.Columns[..1] } } };
        var error = ModelCard.Parse(broken.ToJson()).Match(_ => throw new InvalidOperationException("accepted"), e => e);
        Assert.Equal("card.table", error.Code);
        Assert.Contains("features for a network with", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_of_numeric_features_has_no_table_part_in_its_card()
    {
        var train = Labelled(5, 10, 2);
        var classifier = Ok(Classifier.Fit(train, "y", Small));
        var plain = Classifier.Create(classifier.Architecture, classifier.Weights, classifier.Scaler, classifier.Classes, classifier.FeatureNames, classifier.Summary)
            .Match(c => c, e => throw new InvalidOperationException(e.Message));
        Assert.DoesNotContain("\"table\"", ModelDirectory.Card(plain).ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"table\"", ModelDirectory.Card(classifier).ToJson(), StringComparison.Ordinal);
        Assert.Equal("model.table", Errors(plain.Predict(train)).Single().Code);
    }
}
