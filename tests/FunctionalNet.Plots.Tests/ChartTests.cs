using System.Globalization;
using System.Xml.Linq;
using FunctionalNet.Tensors;
using static FunctionalNet.Plots.Tests.Support.SvgPicture;

namespace FunctionalNet.Plots.Tests;

public class ChartTests
{
    private static double[] Numbers(string points) =>
        [.. points.Split(' ', ',').Select(s => double.Parse(s, CultureInfo.InvariantCulture))];

    private static string[] Texts(string svg, string cls) => [.. Elements(svg, "text", cls).Select(t => t.Value)];

    [Fact]
    public void A_loss_chart_draws_one_line_per_series_with_a_vertex_per_epoch_and_marks_the_kept_epoch()
    {
        string svg = LossChart.Render([1.0, 0.5, 0.25, 0.2], [1.1, 0.6, 0.4, 0.45], title: "moons <loss>", keptEpoch: 3, yLabel: "cross-entropy");
        var training = Assert.Single(Elements(svg, "polyline", "training"));
        var validation = Assert.Single(Elements(svg, "polyline", "validation"));
        Assert.Equal(8, Numbers((string)training.Attribute("points")!).Length);
        Assert.Equal(8, Numbers((string)validation.Attribute("points")!).Length);
        Assert.Equal("moons <loss>", XDocument.Parse(svg).Root!.Element(Ns + "title")!.Value);
        // SVG y grows downwards: a falling cost is a rising pixel y.
        var ys = Numbers((string)training.Attribute("points")!).Where((_, i) => i % 2 == 1).ToArray();
        Assert.True(ys.Zip(ys.Skip(1), (a, b) => a < b).All(x => x));
        // The kept epoch's line stands at epoch 3's x, and its marker on the validation cost there.
        var vx = Numbers((string)validation.Attribute("points")!);
        var kept = Assert.Single(Elements(svg, "line", "kept-epoch"));
        Assert.Equal(vx[4], Number(kept, "x1"), 1);
        var marker = Assert.Single(Elements(svg, "circle", "kept-marker"));
        Assert.Equal((vx[4], vx[5]), (Number(marker, "cx"), Number(marker, "cy")));
        Assert.Equal(["training", "validation", "kept epoch 3"], Texts(svg, "legend"));
        Assert.Equal(["epoch", "cross-entropy"], Texts(svg, "axis-label"));
    }

    [Fact]
    public void Compared_cost_curves_each_get_a_line_and_a_legend_entry()
    {
        string svg = LossChart.Compare([("ours", [1.0, 0.5, 0.2]), ("tutorial's gradient", [1.0, 0.8, 0.7])], title: "ELU", xLabel: "iteration");
        var lines = Elements(svg, "polyline", "series");
        Assert.Equal(2, lines.Length);
        Assert.NotEqual((string?)lines[0].Attribute("stroke"), (string?)lines[1].Attribute("stroke"));
        Assert.Equal(["ours", "tutorial's gradient"], Texts(svg, "legend"));
        Assert.Throws<ArgumentException>(() => LossChart.Compare([]));
    }

    [Fact]
    public void A_log_scale_loss_chart_breaks_the_line_at_unplottable_values_and_labels_decades()
    {
        string svg = LossChart.Render([10, 1, 0, 0.1, 0.01, double.NaN, 0.001], logScale: true);
        var lines = Elements(svg, "polyline", "training");
        Assert.Equal([4, 4, 2], lines.Select(l => Numbers((string)l.Attribute("points")!).Length));
        var ticks = Texts(svg, "tick-label");
        Assert.Contains("0.01", ticks);
        Assert.Contains("10", ticks);
        Assert.Contains("cost (log scale)", Texts(svg, "axis-label"));
        Assert.Empty(Elements(svg, "line", "kept-epoch"));
    }

    [Fact]
    public void A_decision_boundary_fills_each_class_region_draws_the_half_line_every_point_and_names_the_axes()
    {
        var points = Matrix<double>.FromRows([[-1.0, 0], [1, 0.5], [0.5, -1], [-0.5, 1]]);
        int[] labels = [0, 1, 1, 0];
        // P(right) rises through 0.5 at x = 0.
        var grid = BoundaryGrid.Evaluate(points, m => Matrix<double>.Create(m.Rows, 1, [.. Enumerable.Range(0, m.Rows).Select(r => 1 / (1 + Math.Exp(-4 * m[r, 0])))]), nodes: 21);
        string svg = BoundaryChart.Render(grid, points, labels, ["left", "right"], "x > 0", "petal length", "petal width");

        Assert.Equal(["0", "1"], XDocument.Parse(svg).Descendants().Where(e => (string?)e.Attribute("class") == "region").Select(r => (string)r.Attribute("data-class")!));
        var line = Assert.Single(Elements(svg, "path", "boundary-line"));
        var frame = Assert.Single(Elements(svg, "rect", "frame"));
        double x0 = Number(frame, "x") + Number(frame, "width") / 2;   // x = 0 is the middle of the symmetric extent
        Assert.All(Segments((string)line.Attribute("d")!), s => Assert.Equal(x0, s.From.X, 0.1));
        var circles = Elements(svg, "circle", "point");
        Assert.Equal(labels.Select(l => l.ToString(CultureInfo.InvariantCulture)), circles.Select(c => (string)c.Attribute("data-class")!));
        Assert.NotEqual((string?)circles[0].Attribute("fill"), (string?)circles[1].Attribute("fill"));
        Assert.Equal(["left", "right", "p = 0.5", "predicted region", "p ≥ 0.8"], Texts(svg, "legend"));
        Assert.Equal(["petal length", "petal width"], Texts(svg, "axis-label"));
        Assert.Equal("x > 0", Texts(svg, "title").Single());
    }

    [Fact]
    public void A_grid_covers_the_points_with_a_margin_and_reads_one_column_as_the_second_class()
    {
        var points = Matrix<double>.FromRows([[0.0, 0], [10, 20]]);
        var grid = BoundaryGrid.Evaluate(points, m => Matrix<double>.Create(m.Rows, 1, [.. Enumerable.Repeat(0.25, m.Rows)]), nodes: 4);
        Assert.Equal((-1.0, 11.0, -2.0, 22.0), (grid.XMin, grid.XMax, grid.YMin, grid.YMax));
        Assert.Equal((2, 32), (grid.Classes, grid.Probabilities.Length));
        Assert.Equal((0.75, 0.25), (grid.Probability(3, 3, 0), grid.Probability(3, 3, 1)));
        Assert.All(grid.Margin(1), m => Assert.Equal(-0.5, m));
    }

    [Fact]
    public void A_confusion_heatmap_has_a_cell_and_a_count_per_pair_shaded_by_count_and_a_colour_bar()
    {
        int[][] counts = [[50, 2, 0], [3, 40, 7], [0, 0, 45]];
        string svg = ConfusionChart.Render(counts, ["a", "b", "c"]);
        var cells = Elements(svg, "rect", "cell");
        Assert.Equal(9, cells.Length);
        Assert.Equal(counts.SelectMany(r => r).Select(c => c.ToString(CultureInfo.InvariantCulture)), Texts(svg, "count"));
        string Fill(int i, int j) => (string)cells.Single(c => (string)c.Attribute("data-row")! == $"{i}" && (string)c.Attribute("data-col")! == $"{j}").Attribute("fill")!;
        Assert.Equal("#ffffff", Fill(0, 2));
        Assert.Equal("#08306b", Fill(0, 0));
        Assert.Equal(6, Texts(svg, "class-label").Length);
        Assert.DoesNotContain(Elements(svg, "text", "class-label"), t => t.Attribute("transform") is not null); // short names stay level
        Assert.Equal(64, Elements(svg, "rect", "colour-band").Length);
        Assert.Contains("50", Texts(svg, "tick-label"));
        Assert.Equal(["predicted class", "true class"], Texts(svg, "axis-label"));
    }

    [Fact]
    public void The_normalised_view_shows_each_true_class_as_shares_that_sum_to_one()
    {
        int[][] counts = [[50, 2, 0], [3, 40, 7], [0, 0, 45]];
        string svg = ConfusionChart.Render(counts, ["setosa", "versicolor", "virginica"], view: ConfusionView.Normalised);
        var shares = Texts(svg, "count").Select(s => double.Parse(s, CultureInfo.InvariantCulture)).Chunk(3).ToList();
        Assert.Equal([0.96, 0.04, 0.00], shares[0]);
        Assert.All(shares, row => Assert.Equal(1.0, row.Sum(), 2));
        Assert.Contains("1", Texts(svg, "tick-label"));
        // Names wider than a cell turn 45° about their end.
        Assert.Equal(3, Elements(svg, "text", "class-label").Count(t => ((string?)t.Attribute("transform"))?.StartsWith("rotate(-45", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void Predicted_against_true_draws_every_row_and_the_line_y_equals_x()
    {
        double[] truth = [1, 2, 3, 4, 5], predicted = [1.2, 1.8, 3.5, 3.9, 5.1];
        string svg = RegressionCharts.PredictedVsTrue(truth, predicted, "price", "2-8-1 tanh on houses: test rows");
        Assert.Equal(5, Elements(svg, "circle", "point").Length);
        var identity = Assert.Single(Elements(svg, "line", "identity"));
        // Both axes cover the same values, so y = x is the square's diagonal: equal steps in x and y pixels.
        Assert.Equal(Number(identity, "x2") - Number(identity, "x1"),
            (Number(identity, "y1") - Number(identity, "y2")) * (640 - 78 - 20) / (420 - 40 - 52), 6);
        Assert.Equal(["true price", "predicted price"], Texts(svg, "axis-label"));
        Assert.Equal(["test rows", "y = x"], Texts(svg, "legend"));
        Assert.Throws<ArgumentException>(() => RegressionCharts.PredictedVsTrue([1.0], [1.0, 2.0]));
    }

    [Fact]
    public void Residuals_are_true_minus_predicted_about_a_zero_line()
    {
        double[] truth = [1, 2, 3], predicted = [2, 2, 2];
        string svg = RegressionCharts.Residuals(truth, predicted, "price");
        var zero = Assert.Single(Elements(svg, "line", "zero"));
        var ys = Elements(svg, "circle", "point").Select(c => Number(c, "cy")).ToArray();
        // Residuals −1, 0, 1: the middle point sits on the zero line, the others equally far above and below.
        Assert.Equal(Number(zero, "y1"), ys[1], 6);
        Assert.Equal(ys[1] - ys[0], ys[2] - ys[1], 6);
        Assert.True(ys[0] > ys[2]); // −1 is drawn lower (larger pixel y) than +1
        Assert.Equal(["predicted price", "residual (true − predicted price)"], Texts(svg, "axis-label"));
    }
}
