using System.Globalization;
using FunctionalNet.Tensors;
using static FunctionalNet.Formats.Charts.SvgText;

namespace FunctionalNet.Formats.Charts;

/// <summary>
/// A 2-D decision boundary as SVG: the plane filled by predicted class (one <c>rect.region</c> per run of equal
/// cells in a grid row) and the data drawn on top as <c>circle.point</c>s coloured by their true class.
/// </summary>
public static class BoundaryChart
{
    private const double Size = 480, Margin = 50, Top = 40;

    /// <summary>Renders the regions of <paramref name="grid"/> and the labelled <paramref name="points"/>.</summary>
    /// <param name="grid">Predicted labels over the plane.</param>
    /// <param name="points">[m × 2] data points.</param>
    /// <param name="labels">True class of each point.</param>
    /// <param name="classNames">Names for the legend, indexed by class.</param>
    /// <param name="title">Chart title.</param>
    public static string Render(BoundaryGrid grid, Matrix<double> points, IReadOnlyList<int> labels, IReadOnlyList<string> classNames,
        string title = "Decision boundary")
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (points.Cols != 2 || points.Rows != labels.Count)
            throw new ArgumentException($"expected [m × 2] points with m labels, found [{points.Rows} × {points.Cols}] and {labels.Count}", nameof(points));
        double width = Size + 2 * Margin + 110, height = Size + Top + Margin;
        var x = new Axis(grid.XMin, grid.XMax, Margin, Margin + Size, false);
        var y = new Axis(grid.YMin, grid.YMax, Top + Size, Top, false);
        double cw = Size / grid.Columns, ch = Size / grid.Rows;

        var svg = Open(width, height, title);
        svg.Append("<g class=\"regions\" shape-rendering=\"crispEdges\">\n");
        for (int i = 0; i < grid.Rows; i++)
            for (int j = 0; j < grid.Columns;)
            {
                int label = grid.Labels[i * grid.Columns + j], start = j;
                while (j < grid.Columns && grid.Labels[i * grid.Columns + j] == label) j++;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"region\" data-class=\"{label}\" x=\"{N(Margin + start * cw)}\" y=\"{N(Top + Size - (i + 1) * ch)}\" width=\"{N((j - start) * cw + 0.5)}\" height=\"{N(ch + 0.5)}\" fill=\"{RegionColour(label)}\"/>\n");
            }
        svg.Append("</g>\n<g class=\"points\">\n");
        for (int r = 0; r < points.Rows; r++)
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle class=\"point\" data-class=\"{labels[r]}\" cx=\"{N(x.Map(points[r, 0]))}\" cy=\"{N(y.Map(points[r, 1]))}\" r=\"3.5\" fill=\"{ClassColour(labels[r])}\" stroke=\"black\" stroke-width=\"0.5\"/>\n");
        svg.Append("</g>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"frame\" x=\"{N(Margin)}\" y=\"{N(Top)}\" width=\"{N(Size)}\" height=\"{N(Size)}\" fill=\"none\" stroke=\"#444\"/>\n");
        foreach (double t in x.Ticks()) Text(svg, "tick-label", x.Map(t), Top + Size + 16, Label(t));
        foreach (double t in y.Ticks()) Text(svg, "tick-label", Margin - 6, y.Map(t) + 4, Label(t), "end");
        for (int k = 0; k < classNames.Count; k++)
        {
            double ly = Top + 10 + 20 * k;
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle class=\"legend-mark\" cx=\"{N(Margin + Size + 20)}\" cy=\"{N(ly - 4)}\" r=\"5\" fill=\"{ClassColour(k)}\"/>\n");
            Text(svg, "legend", Margin + Size + 30, ly, classNames[k], "start");
        }
        return svg.Append("</svg>\n").ToString();
    }
}
