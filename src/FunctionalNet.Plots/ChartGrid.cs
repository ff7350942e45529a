using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace FunctionalNet.Plots;

/// <summary>Lays several SVG charts out in one picture, row by row, each kept at its own size.</summary>
public static class ChartGrid
{
    /// <summary>
    /// One SVG holding <paramref name="charts"/> (each a complete SVG document, as the other charts render) in
    /// <paramref name="columns"/> columns; every cell is as large as the largest chart.
    /// </summary>
    /// <exception cref="ArgumentException">No charts, fewer than one column, or a chart without a width and height.</exception>
    public static string Compose(IReadOnlyList<string> charts, int columns)
    {
        ArgumentNullException.ThrowIfNull(charts);
        if (charts.Count == 0) throw new ArgumentException("a grid needs at least one chart", nameof(charts));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var roots = charts.Select(XElement.Parse).ToList();
        double cellWidth = roots.Max(r => Size(r, "width")), cellHeight = roots.Max(r => Size(r, "height"));
        int rows = (charts.Count + columns - 1) / columns;
        int used = Math.Min(columns, charts.Count);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{used * cellWidth}\" height=\"{rows * cellHeight}\" viewBox=\"0 0 {used * cellWidth} {rows * cellHeight}\">\n");
        for (int i = 0; i < roots.Count; i++)
        {
            // A nested <svg> with x/y places a whole chart, keeping its own viewBox and ids apart from the others.
            var child = new XElement(roots[i]);
            child.SetAttributeValue("x", ((i % columns) * cellWidth).ToString(CultureInfo.InvariantCulture));
            child.SetAttributeValue("y", ((i / columns) * cellHeight).ToString(CultureInfo.InvariantCulture));
            svg.Append(child.ToString(SaveOptions.DisableFormatting)).Append('\n');
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static double Size(XElement root, string attribute) =>
        double.TryParse((string?)root.Attribute(attribute), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new ArgumentException($"every chart needs a numeric {attribute} on its <svg> root");
}
