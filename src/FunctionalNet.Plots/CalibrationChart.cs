using System.Globalization;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>
/// A reliability diagram: each named <see cref="ReliabilityCurve"/> (e.g. a model before and after calibration)
/// against the diagonal of perfect calibration, and beneath it the histogram of the predicted probabilities, one
/// bar per bin and curve.
/// </summary>
public static class CalibrationChart
{
    private const double Height = 620, PanelGap = 40, HistogramHeight = 130;

    /// <summary>Renders the diagram.</summary>
    /// <param name="series">Each curve's legend name and its curve; all with the same number of bins.</param>
    /// <param name="title">Chart title: say what was trained and on which rows.</param>
    /// <param name="probability">What the probabilities are, for the x axes, e.g. <c>P(spam)</c> or <c>top-class probability</c>.</param>
    /// <param name="outcome">What the share counts, for the y axis, e.g. <c>fraction of spam</c> or <c>accuracy</c>.</param>
    /// <exception cref="ArgumentException">No curve, or curves with different bin counts.</exception>
    public static string Render(IReadOnlyList<(string Name, ReliabilityCurve Curve)> series, string title = "Reliability diagram",
        string probability = "predicted probability", string outcome = "fraction of positives")
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("a reliability diagram needs at least one curve", nameof(series));
        int bins = series[0].Curve.Counts.Length;
        if (series.Any(s => s.Curve.Counts.Length != bins)) throw new ArgumentException("every curve needs the same bins", nameof(series));

        double diagramBottom = Height - HistogramHeight - PanelGap - XyFrame.MarginBottom - 20;
        var unit = new XyFrame(new Axis(0, 1, XyFrame.MarginLeft, XyFrame.Width - XyFrame.MarginRight, false),
            new Axis(0, 1, diagramBottom, XyFrame.MarginTop, false), XyFrame.MarginLeft, XyFrame.MarginTop, XyFrame.Width - XyFrame.MarginRight, diagramBottom);
        var svg = Open(XyFrame.Width, Height, title);
        unit.Draw(svg, $"mean {probability}", outcome, xLabelY: diagramBottom + 38);
        Line(svg, "diagonal", unit.X.Map(0), unit.Y.Map(0), unit.X.Map(1), unit.Y.Map(1), "#7f7f7f", " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
        for (int s = 0; s < series.Count; s++)
        {
            var curve = series[s].Curve;
            var points = curve.MeanPredicted.Zip(curve.FractionPositive, (x, y) => (unit.X.Map(x), unit.Y.Map(y))).ToList();
            svg.Append(XyFrame.Polyline("reliability", points, ClassColour(s)));
            foreach (var (x, y) in points)
                svg.Append(CultureInfo.InvariantCulture,
                    $"<circle class=\"bin-point\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"3.5\" fill=\"{ClassColour(s)}\" stroke=\"black\" stroke-width=\"0.5\"/>\n");
        }
        var legend = series.Select((s, i) => new LegendEntry(LegendMark.Line, ClassColour(i), s.Name))
            .Append(new LegendEntry(LegendMark.Dashed, "#7f7f7f", "perfectly calibrated")).ToList();
        Legend.Draw(svg, unit.Left + 8, unit.Top + 8, legend);

        double top = diagramBottom + PanelGap + 20, bottom = Height - XyFrame.MarginBottom;
        int most = series.Max(s => s.Curve.Counts.Max());
        var histogram = new XyFrame(unit.X, Axis.Covering([0, Math.Max(1, most)], bottom, top, false), unit.Left, top, unit.Right, bottom);
        histogram.Draw(svg, probability, "rows", xLabelY: Height - 12);
        double binWidth = (unit.X.Map(1) - unit.X.Map(0)) / bins, barWidth = binWidth * 0.8 / series.Count;
        for (int s = 0; s < series.Count; s++)
            for (int b = 0; b < bins; b++)
            {
                int count = series[s].Curve.Counts[b];
                double x = unit.X.Map(0) + b * binWidth + binWidth * 0.1 + s * barWidth;
                Rect(svg, "bar", x, histogram.Y.Map(count), barWidth, histogram.Y.Map(0) - histogram.Y.Map(count), ClassColour(s), " fill-opacity=\"0.8\"");
            }
        return Close(svg);
    }
}
