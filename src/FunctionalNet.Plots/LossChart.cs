using System.Globalization;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>
/// A line chart of the training cost (and validation cost, when given) against the epoch or step, as SVG text,
/// with the epoch whose parameters were kept marked. Non-finite values (and non-positive ones on a log scale) are
/// skipped, breaking the line there.
/// </summary>
public static class LossChart
{
    /// <summary>Renders the chart.</summary>
    /// <param name="training">Training cost at x = 1, 2, ….</param>
    /// <param name="validation">Validation cost at the same x, or null.</param>
    /// <param name="logScale">Plot the cost on a log₁₀ axis (useful when it falls by orders of magnitude).</param>
    /// <param name="title">Chart title: say what was trained.</param>
    /// <param name="xLabel">What x counts, e.g. <c>epoch</c>.</param>
    /// <param name="keptEpoch">The x whose parameters were kept (early stopping, restore-best), marked by a dashed line; null for none.</param>
    /// <param name="yLabel">What the cost is, e.g. <c>cross-entropy</c>.</param>
    public static string Render(IReadOnlyList<double> training, IReadOnlyList<double>? validation = null, bool logScale = false,
        string title = "Cost", string xLabel = "epoch", int? keptEpoch = null, string yLabel = "cost")
    {
        ArgumentNullException.ThrowIfNull(training);
        var series = new List<(string Cls, string Name, IReadOnlyList<double> Values, string Colour)> { ("training", "training", training, Palette[0]) };
        if (validation is { Count: > 0 }) series.Add(("validation", "validation", validation, Palette[1]));
        return Draw(series, logScale, title, xLabel, keptEpoch, yLabel);
    }

    /// <summary>Several named cost curves on one chart, e.g. one recipe against another from the same start.</summary>
    /// <param name="series">Each curve's legend name and its cost at x = 1, 2, ….</param>
    /// <param name="logScale">Plot the cost on a log₁₀ axis.</param>
    /// <param name="title">Chart title: say what was trained.</param>
    /// <param name="xLabel">What x counts.</param>
    /// <param name="yLabel">What the cost is.</param>
    public static string Compare(IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, bool logScale = false, string title = "Cost",
        string xLabel = "epoch", string yLabel = "cost")
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("a chart needs at least one series", nameof(series));
        return Draw([.. series.Select((s, i) => ("series", s.Name, s.Values, ClassColour(i)))], logScale, title, xLabel, null, yLabel);
    }

    private static string Draw(List<(string Cls, string Name, IReadOnlyList<double> Values, string Colour)> series, bool logScale, string title,
        string xLabel, int? keptEpoch, string yLabel)
    {
        int count = series.Max(s => s.Values.Count);
        var frame = XyFrame.Covering([1, Math.Max(2, count)], series.SelectMany(s => s.Values), logScale, padX: false);

        var svg = Open(XyFrame.Width, XyFrame.Height, title);
        frame.Draw(svg, xLabel, logScale ? $"{yLabel} (log scale)" : yLabel, integerX: true);
        foreach (var (cls, _, values, colour) in series)
            foreach (var run in Runs(values, logScale))
                svg.Append(XyFrame.Polyline(cls, Thin(run).Select(i => (frame.X.Map(i + 1), frame.Y.Map(values[i]))), colour));
        var legend = series.Select(s => new LegendEntry(LegendMark.Line, s.Colour, s.Name)).ToList();
        if (keptEpoch is int kept && kept >= 1 && kept <= count)
        {
            Line(svg, "kept-epoch", frame.X.Map(kept), frame.Top, frame.X.Map(kept), frame.Bottom, "#2ca02c", " stroke-width=\"1.5\" stroke-dasharray=\"5 3\"");
            var keptSeries = series[^1].Values;
            if (kept - 1 < keptSeries.Count && double.IsFinite(keptSeries[kept - 1]) && (!logScale || keptSeries[kept - 1] > 0))
                svg.Append(CultureInfo.InvariantCulture,
                    $"<circle class=\"kept-marker\" cx=\"{N(frame.X.Map(kept))}\" cy=\"{N(frame.Y.Map(keptSeries[kept - 1]))}\" r=\"4.5\" fill=\"#2ca02c\" stroke=\"black\" stroke-width=\"0.5\"/>\n");
            legend.Add(new LegendEntry(LegendMark.Dashed, "#2ca02c", string.Create(CultureInfo.InvariantCulture, $"kept {xLabel} {kept}")));
        }
        Legend.Draw(svg, frame.Right - Legend.Width(legend) - 8, frame.Top + 8, legend);
        return Close(svg);
    }

    // More vertices than pixels only bloats the file: keep about two per pixel column, always the run's ends.
    private static IEnumerable<int> Thin(List<int> run)
    {
        int stride = Math.Max(1, run.Count / (int)(2 * (XyFrame.Width - XyFrame.MarginLeft - XyFrame.MarginRight)));
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
