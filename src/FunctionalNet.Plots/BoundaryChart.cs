using System.Globalization;
using FunctionalNet.Tensors;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>
/// A 2-D decision boundary as SVG: each class's region as filled contours (lighter where the model is unsure,
/// darker where its probability reaches <see cref="Confident"/>), the boundary itself as a line (for two classes,
/// where the probability is 0.5), and the data on top as <c>circle.point</c>s coloured by their true class.
/// </summary>
public static class BoundaryChart
{
    /// <summary>The probability from which a region is drawn darker.</summary>
    public const double Confident = 0.8;

    private const double Size = 480, Left = 72, Top = 40, Bottom = 52, Gap = 16;

    /// <summary>Renders the regions and boundary of <paramref name="grid"/> and the labelled <paramref name="points"/>.</summary>
    /// <param name="grid">The model's probabilities over the plane.</param>
    /// <param name="points">[m × 2] data points.</param>
    /// <param name="labels">True class of each point.</param>
    /// <param name="classNames">Names for the legend, indexed by class.</param>
    /// <param name="title">Chart title: say what was trained.</param>
    /// <param name="xLabel">Name of the first feature.</param>
    /// <param name="yLabel">Name of the second feature.</param>
    public static string Render(BoundaryGrid grid, Matrix<double> points, IReadOnlyList<int> labels, IReadOnlyList<string> classNames,
        string title = "Decision boundary", string xLabel = "x₀", string yLabel = "x₁")
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (points.Cols != 2 || points.Rows != labels.Count)
            throw new ArgumentException($"expected [m × 2] points with m labels, found [{points.Rows} × {points.Cols}] and {labels.Count}", nameof(points));
        var legend = Enumerable.Range(0, Math.Max(classNames.Count, grid.Classes))
            .Select(k => new LegendEntry(LegendMark.Point, ClassColour(k), k < classNames.Count ? classNames[k] : k.ToString(CultureInfo.InvariantCulture)))
            .Concat([
                new LegendEntry(LegendMark.Line, "black", grid.Classes == 2 ? "p = 0.5" : "boundary"),
                new LegendEntry(LegendMark.Swatch, Tint(0, 0.25), "predicted region"),
                new LegendEntry(LegendMark.Swatch, Tint(0, 0.5), string.Create(CultureInfo.InvariantCulture, $"p ≥ {Confident}")),
            ]).ToList();
        double width = Left + Size + Gap + Legend.Width(legend) + 10, height = Top + Size + Bottom;
        var x = new Axis(grid.XMin, grid.XMax, Left, Left + Size, false);
        var y = new Axis(grid.YMin, grid.YMax, Top + Size, Top, false);
        var contours = new Contours(grid.Nodes, j => Left + j * Size / (grid.Nodes - 1), i => Top + Size - i * Size / (grid.Nodes - 1));

        var svg = Open(width, height, title);
        // The first class fills the plot; every other class's region and every confident region is drawn over it.
        Rect(svg, "region", Left, Top, Size, Size, Tint(0, 0.25), " data-class=\"0\"");
        for (int k = 1; k < grid.Classes; k++) Path(svg, "region", k, contours.Fill(grid.Margin(k), 0), Tint(k, 0.25));
        for (int k = 0; k < grid.Classes; k++) Path(svg, "confident", k, contours.Fill(grid.Probability(k), Confident), Tint(k, 0.5));
        for (int k = grid.Classes == 2 ? 1 : 0; k < grid.Classes; k++)
            svg.Append(CultureInfo.InvariantCulture,
                $"<path class=\"boundary-line\" data-class=\"{k}\" fill=\"none\" stroke=\"black\" stroke-width=\"1.5\" stroke-linecap=\"round\" d=\"{contours.Line(grid.Margin(k), 0)}\"/>\n");
        svg.Append("<g class=\"points\">\n");
        for (int r = 0; r < points.Rows; r++)
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle class=\"point\" data-class=\"{labels[r]}\" cx=\"{N(x.Map(points[r, 0]))}\" cy=\"{N(y.Map(points[r, 1]))}\" r=\"3\" fill=\"{ClassColour(labels[r])}\" stroke=\"black\" stroke-width=\"0.5\"/>\n");
        svg.Append("</g>\n");
        // The frame carries the data extent, so a reader (or a test) can map pixels back to feature values.
        svg.Append(CultureInfo.InvariantCulture,
            $"<rect class=\"frame\" x=\"{N(Left)}\" y=\"{N(Top)}\" width=\"{N(Size)}\" height=\"{N(Size)}\" fill=\"none\" stroke=\"#444\" data-x-min=\"{grid.XMin:R}\" data-x-max=\"{grid.XMax:R}\" data-y-min=\"{grid.YMin:R}\" data-y-max=\"{grid.YMax:R}\"/>\n");
        foreach (double t in x.Ticks())
        {
            Line(svg, "tick", x.Map(t), Top + Size, x.Map(t), Top + Size + 5);
            Text(svg, "tick-label", x.Map(t), Top + Size + 18, SvgText.Label(t));
        }
        foreach (double t in y.Ticks())
        {
            Line(svg, "tick", Left - 5, y.Map(t), Left, y.Map(t));
            Text(svg, "tick-label", Left - 8, y.Map(t) + 4, SvgText.Label(t), "end");
        }
        Text(svg, "axis-label", Left + Size / 2, height - 12, xLabel);
        Rotated(svg, "axis-label", 18, Top + Size / 2, yLabel, -90);
        Legend.Draw(svg, Left + Size + Gap, Top, legend);
        return Close(svg);
    }

    private static void Path(System.Text.StringBuilder svg, string cls, int k, string d, string fill)
    {
        if (d.Length > 0)
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"{cls}\" data-class=\"{k}\" fill=\"{fill}\" stroke=\"none\" d=\"{d}\"/>\n");
    }
}
