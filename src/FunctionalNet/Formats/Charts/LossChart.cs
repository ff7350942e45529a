using System.Globalization;
using System.Text;
using static FunctionalNet.Formats.Charts.SvgText;

namespace FunctionalNet.Formats.Charts;

/// <summary>
/// A line chart of the training cost (and validation cost, when given) against the epoch or step, as SVG text.
/// Non-finite values (and non-positive ones on a log scale) are skipped, breaking the line there.
/// </summary>
public static class LossChart
{
    private const double Width = 640, Height = 400, Left = 70, Right = 20, Top = 40, Bottom = 50;

    /// <summary>Renders the chart.</summary>
    /// <param name="training">Training cost at x = 1, 2, ….</param>
    /// <param name="validation">Validation cost at the same x, or null.</param>
    /// <param name="logScale">Plot the cost on a log₁₀ axis (useful when it falls by orders of magnitude).</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">What x counts, e.g. <c>epoch</c>.</param>
    public static string Render(IReadOnlyList<double> training, IReadOnlyList<double>? validation = null, bool logScale = false,
        string title = "Cost", string xLabel = "epoch")
    {
        ArgumentNullException.ThrowIfNull(training);
        var series = new List<(string Cls, string Name, IReadOnlyList<double> Values, string Colour)> { ("training", "training", training, Palette[0]) };
        if (validation is { Count: > 0 }) series.Add(("validation", "validation", validation, Palette[1]));
        int count = series.Max(s => s.Values.Count);
        var x = new Axis(1, Math.Max(2, count), Left, Width - Right, false);
        var y = Axis.Covering(series.SelectMany(s => s.Values), Height - Bottom, Top, logScale);

        var svg = Open(Width, Height, title);
        Frame(svg, x, y, xLabel, logScale ? "cost (log scale)" : "cost");
        foreach (var (cls, _, values, colour) in series)
            foreach (var run in Runs(values, logScale))
                svg.Append(CultureInfo.InvariantCulture,
                    $"<polyline class=\"{cls}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"{string.Join(' ', Thin(run).Select(i => $"{N(x.Map(i + 1))},{N(y.Map(values[i]))}"))}\"/>\n");
        for (int s = 0; s < series.Count; s++)
        {
            double ly = Top + 12 + 18 * s;
            Line(svg, "legend-line", Width - Right - 110, ly - 4, Width - Right - 90, ly - 4, series[s].Colour);
            Text(svg, "legend", Width - Right - 85, ly, series[s].Name, "start");
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static void Frame(StringBuilder svg, Axis x, Axis y, string xLabel, string yLabel)
    {
        Line(svg, "axis", Left, Height - Bottom, Width - Right, Height - Bottom);
        Line(svg, "axis", Left, Top, Left, Height - Bottom);
        foreach (double t in x.Ticks(8).Where(t => t >= 1 && t == Math.Floor(t)))
        {
            Line(svg, "tick", x.Map(t), Height - Bottom, x.Map(t), Height - Bottom + 5);
            Text(svg, "tick-label", x.Map(t), Height - Bottom + 18, Label(t));
        }
        foreach (double t in y.Ticks())
        {
            Line(svg, "grid", Left, y.Map(t), Width - Right, y.Map(t), "#e5e5e5");
            Text(svg, "tick-label", Left - 6, y.Map(t) + 4, Label(t), "end");
        }
        Text(svg, "axis-label", (Left + Width - Right) / 2, Height - 12, xLabel);
        Text(svg, "axis-label", 16, (Top + Height - Bottom) / 2, yLabel, "middle",
            FormattableString.Invariant($" transform=\"rotate(-90 16 {N((Top + Height - Bottom) / 2)})\""));
    }

    // More vertices than pixels only bloats the file: keep about two per pixel column, always the run's ends.
    private static IEnumerable<int> Thin(List<int> run)
    {
        int stride = Math.Max(1, run.Count / (int)(2 * (Width - Left - Right)));
        return run.Where((_, k) => k % stride == 0 || k == run.Count - 1);
    }

    // Index runs of drawable values: a NaN, infinity or (on a log axis) a non-positive value ends a run.
    private static IEnumerable<List<int>> Runs(IReadOnlyList<double> values, bool log)
    {
        var run = new List<int>();
        for (int i = 0; i < values.Count; i++)
        {
            if (double.IsFinite(values[i]) && (!log || values[i] > 0)) run.Add(i);
            else if (run.Count > 0)
            {
                yield return run;
                run = [];
            }
        }
        if (run.Count > 0) yield return run;
    }
}
