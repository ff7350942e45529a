using System.Text;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>
/// The plot area of an x–y chart: its two axes, grid lines, tick labels and axis labels. Charts draw their data
/// with <see cref="X"/> and <see cref="Y"/> mapping values to pixels.
/// </summary>
internal sealed record XyFrame(Axis X, Axis Y, double Left, double Top, double Right, double Bottom)
{
    /// <summary>Width and height of an x–y chart, and its margins.</summary>
    public const double Width = 640, Height = 420, MarginLeft = 78, MarginRight = 20, MarginTop = 40, MarginBottom = 52;

    /// <summary>A frame whose axes cover the given values.</summary>
    public static XyFrame Covering(IEnumerable<double> xs, IEnumerable<double> ys, bool logY = false, bool padX = true) =>
        new(Axis.Covering(xs, MarginLeft, Width - MarginRight, false, padX), Axis.Covering(ys, Height - MarginBottom, MarginTop, logY),
            MarginLeft, MarginTop, Width - MarginRight, Height - MarginBottom);

    /// <summary>
    /// Draws the axes, grid, ticks and the two axis labels (the x label's baseline at <paramref name="xLabelY"/>, by
    /// default the picture's foot); with <paramref name="categories"/>, x = 0, 1, … are those names (every k-th one
    /// when all would not fit side by side).
    /// </summary>
    public void Draw(StringBuilder svg, string xLabel, string yLabel, bool integerX = false, IReadOnlyList<string>? categories = null, double? xLabelY = null)
    {
        foreach (double t in Y.Ticks())
        {
            Line(svg, "grid", Left, Y.Map(t), Right, Y.Map(t), "#e5e5e5");
            Text(svg, "tick-label", Left - 6, Y.Map(t) + 4, SvgText.Label(t), "end");
        }
        if (categories is not null)
        {
            double widest = categories.Count == 0 ? 1 : categories.Max(c => TextWidth(c)) + 8;
            int every = Math.Max(1, (int)Math.Ceiling(widest * categories.Count / (Right - Left)));
            for (int i = 0; i < categories.Count; i++)
            {
                Line(svg, "tick", X.Map(i), Bottom, X.Map(i), Bottom + 5);
                if (i % every == 0) Text(svg, "tick-label", X.Map(i), Bottom + 18, categories[i]);
            }
        }
        else
            foreach (double t in X.Ticks(7).Where(t => !integerX || t == Math.Floor(t)))
            {
                Line(svg, "tick", X.Map(t), Bottom, X.Map(t), Bottom + 5);
                Text(svg, "tick-label", X.Map(t), Bottom + 18, SvgText.Label(t));
            }
        Line(svg, "axis", Left, Bottom, Right, Bottom);
        Line(svg, "axis", Left, Top, Left, Bottom);
        Text(svg, "axis-label", (Left + Right) / 2, xLabelY ?? Height - 12, xLabel);
        Rotated(svg, "axis-label", 18, (Top + Bottom) / 2, yLabel, -90);
    }

    /// <summary>A polyline through (x, y) pixel pairs.</summary>
    public static string Polyline(string cls, IEnumerable<(double X, double Y)> points, string colour, string extra = "") =>
        $"<polyline class=\"{cls}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\"{extra} points=\"{string.Join(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"))}\"/>\n";
}
