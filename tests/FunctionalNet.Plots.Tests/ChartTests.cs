using System.Globalization;
using System.Xml.Linq;
using FunctionalNet.Formats.Charts;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Formats;

public class ChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement[] Elements(string svg, string name, string cls) =>
        [.. XDocument.Parse(svg).Descendants(Svg + name).Where(e => (string?)e.Attribute("class") == cls)];

    private static double[] Numbers(string points) =>
        [.. points.Split(' ', ',').Select(s => double.Parse(s, CultureInfo.InvariantCulture))];

    [Fact]
    public void A_loss_chart_draws_one_line_per_series_with_a_vertex_per_epoch()
    {
        string svg = LossChart.Render([1.0, 0.5, 0.25, 0.2], [1.1, 0.6, 0.4, 0.45], title: "moons <loss>");
        Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName);
        var training = Assert.Single(Elements(svg, "polyline", "training"));
        var validation = Assert.Single(Elements(svg, "polyline", "validation"));
        Assert.Equal(8, Numbers((string)training.Attribute("points")!).Length);
        Assert.Equal(8, Numbers((string)validation.Attribute("points")!).Length);
        Assert.Equal("moons <loss>", XDocument.Parse(svg).Root!.Element(Svg + "title")!.Value);
        // SVG y grows downwards: a falling cost is a rising pixel y.
        var ys = Numbers((string)training.Attribute("points")!).Where((_, i) => i % 2 == 1).ToArray();
        Assert.True(ys.Zip(ys.Skip(1), (a, b) => a < b).All(x => x));
    }

    [Fact]
    public void A_log_scale_loss_chart_breaks_the_line_at_unplottable_values_and_labels_decades()
    {
        string svg = LossChart.Render([10, 1, 0, 0.1, 0.01, double.NaN, 0.001], logScale: true);
        var lines = Elements(svg, "polyline", "training");
        Assert.Equal([4, 4, 2], lines.Select(l => Numbers((string)l.Attribute("points")!).Length));
        var ticks = Elements(svg, "text", "tick-label").Select(t => t.Value).ToList();
        Assert.Contains("0.01", ticks);
        Assert.Contains("10", ticks);
        Assert.Contains("cost (log scale)", Elements(svg, "text", "axis-label").Select(t => t.Value));
    }

    [Fact]
    public void A_decision_boundary_fills_the_plane_by_predicted_class_and_draws_every_point()
    {
        var points = Matrix<double>.FromRows([[-1.0, 0], [1, 0.5], [0.5, -1], [-0.5, 1]]);
        int[] labels = [0, 1, 1, 0];
        // The classifier x > 0 splits the plane into a left (0) and right (1) half.
        var grid = BoundaryGrid.Evaluate(points, m => [.. Enumerable.Range(0, m.Rows).Select(r => m[r, 0] > 0 ? 1 : 0)], resolution: 20);
        string svg = BoundaryChart.Render(grid, points, labels, ["left", "right"]);

        var regions = Elements(svg, "rect", "region");
        Assert.Equal(40, regions.Length); // every grid row is one run of 0s then one run of 1s
        Assert.Equal(20, regions.Count(r => (string?)r.Attribute("data-class") == "1"));
        double width = regions.Where(r => (double)r.Attribute("y")! == (double)regions[0].Attribute("y")!).Sum(r => (double)r.Attribute("width")!);
        Assert.Equal(480 + 2 * 0.5, width, 6); // each row spans the plot, each run overlapping half a pixel to hide seams
        var circles = Elements(svg, "circle", "point");
        Assert.Equal(labels.Select(l => l.ToString(CultureInfo.InvariantCulture)), circles.Select(c => (string)c.Attribute("data-class")!));
        Assert.NotEqual((string?)circles[0].Attribute("fill"), (string?)circles[1].Attribute("fill"));
        Assert.Equal(["left", "right"], Elements(svg, "text", "legend").Select(t => t.Value));
    }

    [Fact]
    public void A_grid_covers_the_points_with_a_margin()
    {
        var points = Matrix<double>.FromRows([[0.0, 0], [10, 20]]);
        var grid = BoundaryGrid.Evaluate(points, m => new int[m.Rows], resolution: 4);
        Assert.Equal((-1.0, 11.0, -2.0, 22.0), (grid.XMin, grid.XMax, grid.YMin, grid.YMax));
        Assert.Equal(16, grid.Labels.Length);
    }

    [Fact]
    public void A_confusion_heatmap_has_a_cell_and_a_count_per_pair_shaded_by_count()
    {
        int[][] counts = [[50, 2, 0], [3, 40, 7], [0, 0, 45]];
        string svg = ConfusionChart.Render(counts, ["a", "b", "c"]);
        var cells = Elements(svg, "rect", "cell");
        Assert.Equal(9, cells.Length);
        Assert.Equal(counts.SelectMany(r => r).Select(c => c.ToString(CultureInfo.InvariantCulture)), Elements(svg, "text", "count").Select(t => t.Value));
        string Fill(int i, int j) => (string)cells.Single(c => (string)c.Attribute("data-row")! == $"{i}" && (string)c.Attribute("data-col")! == $"{j}").Attribute("fill")!;
        Assert.Equal("#ffffff", Fill(0, 2));
        Assert.Equal("#08306b", Fill(0, 0));
        Assert.Equal(6, Elements(svg, "text", "class-label").Length);
    }
}
