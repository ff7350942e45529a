using System.Xml.Linq;
using FunctionalNet.Plots;

namespace FunctionalNet.Plots.Tests;

public class ChartGridTests
{
    private static string Chart(int width, int height, string id) =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\"><rect id=\"{id}\"/></svg>";

    [Fact]
    public void Charts_are_placed_row_by_row_in_cells_of_the_largest_size()
    {
        var svg = XElement.Parse(ChartGrid.Compose([Chart(100, 50, "a"), Chart(80, 60, "b"), Chart(100, 60, "c")], columns: 2));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var cells = svg.Elements(ns + "svg").ToList();
        Assert.Equal(["200", "120"], [(string)svg.Attribute("width")!, (string)svg.Attribute("height")!]);
        Assert.Equal([("0", "0"), ("100", "0"), ("0", "60")], cells.Select(c => ((string)c.Attribute("x")!, (string)c.Attribute("y")!)));
        Assert.Equal(["a", "b", "c"], cells.Select(c => (string)c.Element(ns + "rect")!.Attribute("id")!));
    }

    [Fact]
    public void A_chart_without_a_size_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ChartGrid.Compose(["<svg xmlns=\"http://www.w3.org/2000/svg\"/>"], 1));
        Assert.Contains("numeric width", e.Message, StringComparison.Ordinal);
    }
}
