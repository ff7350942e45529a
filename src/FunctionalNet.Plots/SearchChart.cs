using System.Globalization;
using System.Text;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>One configuration's result in a search picture: its value of the panel's parameter, its mean held-out score ± sd, and its rung.</summary>
/// <param name="Value">The parameter's value as the search wrote it.</param>
/// <param name="Mean">Mean held-out score over the folds.</param>
/// <param name="Sd">Its standard deviation over the folds.</param>
/// <param name="Rung">The successive-halving rung (0 for a grid or random search).</param>
public sealed record SearchPoint(string Value, double Mean, double Sd, int Rung);

/// <summary>
/// A hyper-parameter search's results: one panel per swept parameter, each configuration's mean held-out score with a
/// ± sd bar at its value of that parameter, coloured by successive-halving rung. Numeric values get a numeric axis
/// (log₁₀ when positive and spanning two decades or more, as rates do), others one position each in the order met.
/// </summary>
public static class SearchChart
{
    /// <summary>Renders the panels, two to a row, under <paramref name="title"/>.</summary>
    /// <param name="panels">Each swept parameter's name and its configurations' points.</param>
    /// <param name="score">The score's name, e.g. <c>accuracy</c>.</param>
    /// <param name="title">What was searched.</param>
    /// <exception cref="ArgumentException">No panels.</exception>
    public static string Render(IReadOnlyList<(string Parameter, IReadOnlyList<SearchPoint> Points)> panels, string score, string title)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("a search picture needs at least one parameter", nameof(panels));
        return ChartGrid.Compose([.. panels.Select(p => Panel(p.Parameter, p.Points, score))], Math.Min(2, panels.Count), title);
    }

    private static string Panel(string parameter, IReadOnlyList<SearchPoint> points, string score)
    {
        bool numeric = points.All(p => double.TryParse(p.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v));
        var categories = numeric ? null : points.Select(p => p.Value).Distinct().ToList();
        double X(SearchPoint p) => numeric ? double.Parse(p.Value, NumberStyles.Float, CultureInfo.InvariantCulture) : categories!.IndexOf(p.Value);
        var xs = points.Select(X).ToList();
        bool log = numeric && xs.Count > 0 && xs.All(x => x > 0) && xs.Max() / xs.Min() >= 100;
        var ys = points.SelectMany(p => new[] { p.Mean - p.Sd, p.Mean + p.Sd });
        var frame = numeric
            ? new XyFrame(Axis.Covering(xs, XyFrame.MarginLeft, XyFrame.Width - XyFrame.MarginRight, log),
                Axis.Covering(ys, XyFrame.Height - XyFrame.MarginBottom, XyFrame.MarginTop, false),
                XyFrame.MarginLeft, XyFrame.MarginTop, XyFrame.Width - XyFrame.MarginRight, XyFrame.Height - XyFrame.MarginBottom)
            : XyFrame.Covering([-0.5, categories!.Count - 0.5], ys, padX: false);
        var svg = Open(XyFrame.Width, XyFrame.Height, $"{score} by {parameter}");
        frame.Draw(svg, log ? $"{parameter} (log scale)" : parameter, $"held-out {score} (mean ± sd)", categories: categories);
        foreach (var p in points.Where(p => double.IsFinite(p.Mean)))
        {
            double x = frame.X.Map(X(p));
            string stroke = ClassColour(p.Rung);
            if (double.IsFinite(p.Sd) && p.Sd > 0)
                Line(svg, "sd", x, frame.Y.Map(p.Mean - p.Sd), x, frame.Y.Map(p.Mean + p.Sd), stroke, " stroke-width=\"1.5\"");
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle class=\"mean\" cx=\"{N(x)}\" cy=\"{N(frame.Y.Map(p.Mean))}\" r=\"4\" fill=\"{stroke}\" stroke=\"black\" stroke-width=\"0.5\"/>\n");
        }
        var rungs = points.Select(p => p.Rung).Distinct().Order().ToList();
        if (rungs.Count > 1)
        {
            var legend = rungs.Select(r => new LegendEntry(LegendMark.Point, ClassColour(r), string.Create(CultureInfo.InvariantCulture, $"rung {r}"))).ToList();
            Legend.Draw(svg, frame.Right - Legend.Width(legend) - 8, frame.Top + 8, legend);
        }
        return Close(svg);
    }
}
