using FunctionalNet.Tensors;
using static FunctionalNet.Plots.Tests.Support.SvgPicture;

namespace FunctionalNet.Plots.Tests;

/// <summary>
/// Every picture, read back from its SVG: the axis labels are the names given, and no two text boxes (estimated
/// from font size and length) overlap or leave the picture.
/// </summary>
public class LayoutTests
{
    private static readonly string[] Iris = ["setosa", "versicolor", "virginica"];

    private static void AssertReadable(string svg, params string[] axisLabels)
    {
        Assert.Equal(axisLabels, Elements(svg, "text", "axis-label").Select(t => t.Value));
        Assert.True(Overlaps(svg).Count == 0, string.Join("\n", Overlaps(svg).Select(p => $"{p.Item1} overlaps {p.Item2}")));
        Assert.True(Outside(svg).Count == 0, string.Join("\n", Outside(svg)));
    }

    [Fact]
    public void Long_class_names_on_a_confusion_matrix_turn_and_do_not_overlap()
    {
        int[][] counts = [[12, 0, 0], [0, 10, 2], [0, 1, 13]];
        AssertReadable(ConfusionChart.Render(counts, Iris, "Iris, 4-8-3 relu: test rows"), "predicted class", "true class");
        AssertReadable(ConfusionChart.Render(counts, Iris, "Iris", ConfusionView.Normalised), "predicted class", "true class");
    }

    [Fact]
    public void Both_confusion_views_side_by_side_keep_their_labels_apart()
    {
        int[][] counts = [[12, 0, 0], [0, 10, 2], [0, 1, 13]];
        string svg = ConfusionChart.RenderBoth(counts, ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "Iris");
        Assert.Equal(4, Elements(svg, "text", "axis-label").Length);
        Assert.Equal(["Iris", "counts", "share of each true class"], Elements(svg, "text", "title").Select(t => t.Value));
        Assert.Empty(Overlaps(svg));
        Assert.Empty(Outside(svg));
    }

    [Fact]
    public void Ten_digit_classes_and_four_digit_counts_fit_their_cells()
    {
        int[][] counts = [.. Enumerable.Range(0, 10).Select(i => Enumerable.Range(0, 10).Select(j => i == j ? 1000 + i : j).ToArray())];
        AssertReadable(ConfusionChart.Render(counts, [.. Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], "Digits"),
            "predicted class", "true class");
    }

    [Fact]
    public void A_decision_boundary_is_labelled_by_its_feature_names()
    {
        var points = Matrix<double>.FromRows([[-1.0, 0], [1, 0.5], [0.5, -1], [-0.5, 1]]);
        var grid = BoundaryGrid.Evaluate(points, m => Matrix<double>.Create(m.Rows, 1, [.. Enumerable.Range(0, m.Rows).Select(r => m[r, 0] > m[r, 1] ? 0.9 : 0.1)]), nodes: 31);
        AssertReadable(BoundaryChart.Render(grid, points, [0, 1, 1, 0], ["Iris-versicolor", "Iris-virginica"], "2-5-2 tanh", "sepal length (cm)", "sepal width (cm)"),
            "sepal length (cm)", "sepal width (cm)");
    }

    [Fact]
    public void Loss_and_regression_charts_name_their_axes()
    {
        double[] costs = [.. Enumerable.Range(1, 300).Select(e => 1.0 / e)];
        AssertReadable(LossChart.Render(costs, [.. costs.Select(c => c * 1.1)], title: "moons, 2-5-5-2 tanh by adam", keptEpoch: 250, yLabel: "cross-entropy"),
            "epoch", "cross-entropy");
        AssertReadable(LossChart.Render(costs, logScale: true, title: "log", xLabel: "iteration"), "iteration", "cost (log scale)");
        // A title longer than the picture is wide is set smaller instead of running off both edges.
        AssertReadable(LossChart.Render(costs, title: string.Concat(Enumerable.Repeat("a long title, ", 12))), "epoch", "cost");
        double[] truth = [.. Enumerable.Range(0, 50).Select(i => 1000.0 * i)], predicted = [.. truth.Select((t, i) => t + 300 * Math.Sin(i))];
        AssertReadable(RegressionCharts.PredictedVsTrue(truth, predicted, "median house value"), "true median house value", "predicted median house value");
        AssertReadable(RegressionCharts.Residuals(truth, predicted, "y"), "predicted y", "residual (true − predicted y)");
    }

    [Fact]
    public void Ranking_calibration_and_importance_pictures_name_their_axes()
    {
        // Ten classes with long names: ten legend rows on the ROC and precision–recall charts.
        var rng = new Random(3);
        int[] actual = [.. Enumerable.Range(0, 200).Select(i => i % 10)];
        var p = Matrix<double>.Create(200, 10, [.. Enumerable.Range(0, 2000).Select(i => i % 10 == actual[i / 10] ? 3 + rng.NextDouble() : rng.NextDouble())]);
        p = Matrix<double>.Create(200, 10, [.. Enumerable.Range(0, 2000).Select(i => p[i / 10, i % 10] / Enumerable.Range(0, 10).Sum(c => p[i / 10, c]))]);
        string[] names = [.. Enumerable.Range(0, 10).Select(c => $"handwritten digit {c}")];
        AssertReadable(RankingCharts.Roc(actual, p, names, "digits, 64-32-10 relu: test rows"), "false positive rate", "true positive rate");
        AssertReadable(RankingCharts.PrecisionRecall(actual, p, names, "digits"), "recall", "precision");
        AssertReadable(RankingCharts.Roc([0, 1, 1, 0], Matrix<double>.FromRows([[0.8, 0.2], [0.3, 0.7], [0.6, 0.4], [0.1, 0.9]]), Iris[..2], "two"),
            "false positive rate", "true positive rate");
        var before = ReliabilityCurve.OfClasses(actual, p).Match(c => c, e => throw new InvalidOperationException(e.Message));
        AssertReadable(CalibrationChart.Render([("uncalibrated", before), ("temperature-scaled", before)], "digits: test rows", "top-class probability", "accuracy"),
            "mean top-class probability", "accuracy", "top-class probability", "rows");
        var importance = new PermutationImportance(0.9, [.. Enumerable.Range(0, 40).Select(j => new FeatureImportance(j, 0.01 * j, 0.004, [0.01 * j]))]);
        AssertReadable(ImportanceChart.Render(importance, [.. Enumerable.Range(0, 40).Select(j => $"pixel at row {j / 8}, column {j % 8}")], "balanced_accuracy", "digits"),
            "drop in balanced_accuracy when shuffled (mean ± sd)", "feature");
        AssertReadable(ImportanceChart.Render(new PermutationImportance(1, [new FeatureImportance(0, 0, 0, [0])]), ["x"]), "drop in score when shuffled (mean ± sd)", "feature");
    }

    [Fact]
    public void A_search_picture_has_a_readable_panel_per_parameter_and_a_legend_of_its_rungs()
    {
        // Three rungs of a halving search over a log-spaced rate, a categorical network and a seed of many values.
        string[] layers = ["32", "64,32", "128,64,32"];
        var points = Enumerable.Range(0, 27).Select(i => (Lr: Math.Pow(10, -4 + i / 9.0), Layers: layers[i % 3], Seed: i, Rung: i < 18 ? 0 : i < 24 ? 1 : 2)).ToArray();
        SearchPoint Point((double Lr, string Layers, int Seed, int Rung) p, string value) => new(value, 0.8 + 0.005 * p.Seed, 0.01 * (p.Seed % 4), p.Rung);
        string svg = SearchChart.Render(
        [
            ("lr", [.. points.Select(p => Point(p, p.Lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))]),
            ("layers", [.. points.Select(p => Point(p, p.Layers))]),
            ("seed", [.. points.Select(p => Point(p, p.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)))]),
        ], "accuracy", "digits, halving over lr, layers and seed");
        Assert.Equal(["lr (log scale)", "held-out accuracy (mean ± sd)", "layers", "held-out accuracy (mean ± sd)", "seed", "held-out accuracy (mean ± sd)"],
            Elements(svg, "text", "axis-label").Select(t => t.Value));
        Assert.Equal(27 * 3, Elements(svg, "circle", "mean").Length);
        Assert.Equal(["32", "64,32", "128,64,32"], Elements(svg, "text", "tick-label").Select(t => t.Value).Where(layers.Contains).Distinct());
        Assert.Equal(3 * 3, Elements(svg, "text").Count(t => t.Value.StartsWith("rung ", StringComparison.Ordinal)));
        Assert.Empty(Overlaps(svg));
        Assert.Empty(Outside(svg));
    }

    [Fact]
    public void The_overlap_check_finds_labels_that_collide()
    {
        // The check itself must be able to fail: two labels at nearly one place overlap, and so does a turned label
        // crossing a level one; two parallel turned labels do not, though their upright bounding boxes would.
        const string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"200\" font-size=\"12\">" +
            "<text x=\"50\" y=\"50\">versicolor</text><text x=\"60\" y=\"52\">virginica</text>" +
            "<text x=\"150\" y=\"60\" transform=\"rotate(-45 150 60)\" text-anchor=\"end\">virginica</text>" +
            "<text x=\"120\" y=\"85\">long label here</text>" +
            "<text x=\"250\" y=\"60\" transform=\"rotate(-45 250 60)\" text-anchor=\"end\">virginica</text>" +
            "<text x=\"294\" y=\"60\" transform=\"rotate(-45 294 60)\" text-anchor=\"end\">virginica</text></svg>";
        Assert.Equal(["versicolor/virginica", "virginica/long label here"], Overlaps(svg).Select(p => $"{p.Item1.Text}/{p.Item2.Text}"));
        Assert.Empty(Outside(svg));
    }
}
