using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace FunctionalNet.Plots;

/// <summary>Lays several SVG charts out in one picture, row by row, each kept at its own size.</summary>
public static class ChartGrid
{
    /// <summary>
    /// One SVG holding <paramref name="charts"/> (each a complete SVG document, as the other charts render) in
    /// <paramref name="columns"/> columns; every cell is as large as the largest chart. A <paramref name="title"/>,
    /// when given, heads the whole picture.
    /// </summary>
    /// <exception cref="ArgumentException">No charts, fewer than one column, or a chart without a width and height.</exception>
    public static string Compose(IReadOnlyList<string> charts, int columns, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(charts);
        if (charts.Count == 0) throw new ArgumentException("a grid needs at least one chart", nameof(charts));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var roots = charts.Select(XElement.Parse).ToList();
        double cellWidth = roots.Max(r => Size(r, "width")), cellHeight = roots.Max(r => Size(r, "height"));
        int rows = (charts.Count + columns - 1) / columns;
        int used = Math.Min(columns, charts.Count);
        double top = title is null ? 0 : 34, width = used * cellWidth, height = rows * cellHeight + top;
        var svg = new StringBuilder();
        if (title is null)
            svg.Append(CultureInfo.InvariantCulture,
                $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n");
        else
        {
            // SvgText.Open draws the title (set smaller when it is wider than the cells) and its font attributes.
            svg.Append(SvgText.Open(width, height, title));
        }
        for (int i = 0; i < roots.Count; i++)
        {
            // A nested <svg> with x/y places a whole chart, keeping its own viewBox and ids apart from the others.
            var child = new XElement(roots[i]);
            child.SetAttributeValue("x", ((i % columns) * cellWidth).ToString(CultureInfo.InvariantCulture));
            child.SetAttributeValue("y", ((i / columns) * cellHeight + top).ToString(CultureInfo.InvariantCulture));
            svg.Append(child.ToString(SaveOptions.DisableFormatting)).Append('\n');
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static double Size(XElement root, string attribute) =>
        double.TryParse((string?)root.Attribute(attribute), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new ArgumentException($"every chart needs a numeric {attribute} on its <svg> root");
}
