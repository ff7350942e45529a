using System.Globalization;
using System.Text;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>
/// Pictures of a regression model's fit on held-out rows: predicted against true values with the line y = x, and
/// the residuals (true − predicted) against the prediction with the zero line.
/// </summary>
public static class RegressionCharts
{
    /// <summary>Predicted against true values; a perfect model puts every point on the dashed line y = x.</summary>
    /// <param name="truth">True target values.</param>
    /// <param name="predicted">The model's predictions, one per true value.</param>
    /// <param name="target">The target's name, for the axis labels.</param>
    /// <param name="title">Chart title: say what was trained.</param>
    /// <exception cref="ArgumentException">The lengths differ, or there are no values.</exception>
    public static string PredictedVsTrue(IReadOnlyList<double> truth, IReadOnlyList<double> predicted, string target = "target",
        string title = "Predicted against true")
    {
        Check(truth, predicted);
        var all = truth.Concat(predicted).Where(double.IsFinite).ToList();
        var frame = XyFrame.Covering(all, all);
        var svg = Open(XyFrame.Width, XyFrame.Height, title);
        frame.Draw(svg, $"true {target}", $"predicted {target}");
        double lo = Math.Max(frame.X.Min, frame.Y.Min), hi = Math.Min(frame.X.Max, frame.Y.Max);
        Line(svg, "identity", frame.X.Map(lo), frame.Y.Map(lo), frame.X.Map(hi), frame.Y.Map(hi), "#d62728", " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
        string shown = Points(svg, frame, truth, predicted);
        Finish(svg, frame, [new(LegendMark.Point, Palette[0], shown), new(LegendMark.Dashed, "#d62728", "y = x")], left: true);
        return Close(svg);
    }

    /// <summary>Residuals (true − predicted) against the prediction; a good fit scatters evenly about zero.</summary>
    /// <param name="truth">True target values.</param>
    /// <param name="predicted">The model's predictions, one per true value.</param>
    /// <param name="target">The target's name, for the axis labels.</param>
    /// <param name="title">Chart title: say what was trained.</param>
    /// <exception cref="ArgumentException">The lengths differ, or there are no values.</exception>
    public static string Residuals(IReadOnlyList<double> truth, IReadOnlyList<double> predicted, string target = "target",
        string title = "Residuals")
    {
        Check(truth, predicted);
        var residuals = truth.Zip(predicted, (t, p) => t - p).ToList();
        var frame = XyFrame.Covering(predicted.Where(double.IsFinite), residuals.Where(double.IsFinite).Append(0));
        var svg = Open(XyFrame.Width, XyFrame.Height, title);
        frame.Draw(svg, $"predicted {target}", $"residual (true − predicted {target})");
        Line(svg, "zero", frame.Left, frame.Y.Map(0), frame.Right, frame.Y.Map(0), "#d62728", " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
        string shown = Points(svg, frame, predicted, residuals);
        Finish(svg, frame, [new(LegendMark.Point, Palette[0], shown), new(LegendMark.Dashed, "#d62728", "zero residual")], left: false);
        return Close(svg);
    }

    private static void Check(IReadOnlyList<double> truth, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count || truth.Count == 0)
            throw new ArgumentException($"expected as many predictions as true values (at least one), found {predicted.Count} and {truth.Count}", nameof(predicted));
    }

    /// <summary>The most points a picture draws; past it every k-th row is drawn and the legend says so.</summary>
    public const int MaxPoints = 10_000;

    // Millions of test rows (a row cache's) would draw an SVG of a gigabyte that no viewer opens: every k-th finite
    // point is drawn instead, in row order, and the legend entry returned says which.
    private static string Points(StringBuilder svg, XyFrame frame, IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        int finite = Enumerable.Range(0, xs.Count).Count(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i]));
        int every = Math.Max(1, (finite + MaxPoints - 1) / MaxPoints), seen = 0;
        svg.Append("<g class=\"points\">\n");
        for (int i = 0; i < xs.Count; i++)
            if (double.IsFinite(xs[i]) && double.IsFinite(ys[i]) && seen++ % every == 0)
                svg.Append(CultureInfo.InvariantCulture,
                    $"<circle class=\"point\" cx=\"{N(frame.X.Map(xs[i]))}\" cy=\"{N(frame.Y.Map(ys[i]))}\" r=\"3\" fill=\"{Palette[0]}\" fill-opacity=\"0.6\" stroke=\"black\" stroke-width=\"0.4\"/>\n");
        svg.Append("</g>\n");
        return every == 1 ? "test rows" : string.Create(CultureInfo.InvariantCulture, $"1 in {every} of {finite:N0} test rows");
    }

    // y = x runs from bottom-left to top-right, so its legend goes top-left; the residuals' legend top-right.
    private static void Finish(StringBuilder svg, XyFrame frame, IReadOnlyList<LegendEntry> legend, bool left) =>
        Legend.Draw(svg, left ? frame.Left + 8 : frame.Right - Legend.Width(legend) - 8, frame.Top + 8, legend);
}
