using System.Globalization;
using FunctionalNet.Tensors;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>
/// ROC and precision–recall curves of a classifier's probabilities on labelled rows: class 1's curve for two classes,
/// one curve per class against the rest for more, each named in the legend with its area (ROC AUC or average
/// precision). The points are <see cref="RocCurve"/>'s and <see cref="PrecisionRecallCurve"/>'s; a class whose
/// curve is undefined on the rows (no positive, or for ROC no negative) is left out.
/// </summary>
public static class RankingCharts
{
    /// <summary>ROC curves with the chance diagonal.</summary>
    /// <param name="actual">Each row's true class index.</param>
    /// <param name="probabilities">[m × k] class probabilities (or [m × 1] of P(class 1)).</param>
    /// <param name="classes">Class names, one per class index.</param>
    /// <param name="title">Chart title: say what was trained and on which rows.</param>
    public static string Roc(IReadOnlyList<int> actual, Matrix<double> probabilities, IReadOnlyList<string> classes, string title = "ROC curve")
    {
        var series = Curves(actual, probabilities, classes, positive => RocCurve.Of(positive.Positive, positive.Scores)
            .Bind(c => RocAuc.Binary(positive.Labels, positive.Scores).Map(auc => (c.FalsePositiveRate.ToArray(), c.TruePositiveRate.ToArray(), Area("AUC", auc)))));
        var (frame, svg) = Open(title, "false positive rate", "true positive rate");
        Line(svg, "chance", frame.X.Map(0), frame.Y.Map(0), frame.X.Map(1), frame.Y.Map(1), "#7f7f7f", " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
        // The curves hug the top-left corner, so the legend sits bottom-right.
        return Finish(svg, frame, series, new LegendEntry(LegendMark.Dashed, "#7f7f7f", "chance (AUC 0.5)"), bottomRight: true);
    }

    /// <summary>
    /// Precision–recall curves, drawn as steps: precision Pₙ held from recall Rₙ₋₁ to Rₙ, so the area under each is
    /// its average precision.
    /// </summary>
    /// <param name="actual">Each row's true class index.</param>
    /// <param name="probabilities">[m × k] class probabilities (or [m × 1] of P(class 1)).</param>
    /// <param name="classes">Class names, one per class index.</param>
    /// <param name="title">Chart title: say what was trained and on which rows.</param>
    public static string PrecisionRecall(IReadOnlyList<int> actual, Matrix<double> probabilities, IReadOnlyList<string> classes,
        string title = "Precision–recall curve")
    {
        var series = Curves(actual, probabilities, classes, positive =>
            from c in PrecisionRecallCurve.Of(positive.Positive, positive.Scores)
            from ap in AveragePrecision.Binary(positive.Labels, positive.Scores)
            select (Steps(c.Recall, c.Precision, x: true), Steps(c.Recall, c.Precision, x: false), Area("AP", ap)));
        var (frame, svg) = Open(title, "recall", "precision");
        // The curves hug the top-right corner, so the legend sits bottom-left.
        return Finish(svg, frame, series, null, bottomRight: false);
    }

    private readonly record struct Ranking(bool[] Positive, double[] Scores)
    {
        public int[] Labels => [.. Positive.Select(p => p ? 1 : 0)];
    }

    // The step path (R₀, P₀), (R₀, P₁), (R₁, P₁), (R₁, P₂), …: its x or its y coordinates.
    private static double[] Steps(IReadOnlyList<double> recall, IReadOnlyList<double> precision, bool x) =>
        [x ? recall[0] : precision[0], .. Enumerable.Range(1, recall.Count - 1).SelectMany(n => x ? new[] { recall[n - 1], recall[n] } : [precision[n], precision[n]])];

    private static List<(string Name, double[] X, double[] Y, int Colour)> Curves(IReadOnlyList<int> actual, Matrix<double> probabilities,
        IReadOnlyList<string> classes, Func<Ranking, LanguageExt.Either<Error, (double[] X, double[] Y, string Area)>> curve)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(classes);
        if (actual.Count != probabilities.Rows)
            throw new ArgumentException($"expected one label per row of probabilities ({probabilities.Rows}), found {actual.Count}", nameof(actual));
        // Two classes: class 1's curve alone (class 0's is its mirror); more: each class against the rest.
        int[] shown = probabilities.Cols <= 2 ? [1] : [.. Enumerable.Range(0, probabilities.Cols)];
        var series = new List<(string, double[], double[], int)>();
        foreach (int c in shown)
        {
            double[] scores = [.. Enumerable.Range(0, probabilities.Rows).Select(r => probabilities.Cols == 1 ? (c == 1 ? probabilities[r, 0] : 1 - probabilities[r, 0]) : probabilities[r, c])];
            curve(new Ranking([.. actual.Select(y => y == c)], scores))
                .IfRight(p => series.Add(($"{(c < classes.Count ? classes[c] : $"class {c}")} ({p.Area})", p.X, p.Y, c)));
        }
        return series;
    }

    private static string Area(string name, double value) => string.Create(CultureInfo.InvariantCulture, $"{name} {value:F3}");

    private static (XyFrame Frame, System.Text.StringBuilder Svg) Open(string title, string xLabel, string yLabel)
    {
        var frame = XyFrame.Covering([0, 1], [0, 1]);
        var svg = SvgText.Open(XyFrame.Width, XyFrame.Height, title);
        frame.Draw(svg, xLabel, yLabel);
        return (frame, svg);
    }

    private static string Finish(System.Text.StringBuilder svg, XyFrame frame, List<(string Name, double[] X, double[] Y, int Colour)> series,
        LegendEntry? extra, bool bottomRight)
    {
        foreach (var (_, x, y, colour) in series)
            svg.Append(XyFrame.Polyline("curve", PixelPath.Thin(x.Zip(y, (a, b) => (frame.X.Map(a), frame.Y.Map(b)))), ClassColour(colour)));
        var legend = series.Select(s => new LegendEntry(LegendMark.Line, ClassColour(s.Colour), s.Name)).ToList();
        if (extra is not null) legend.Add(extra);
        double height = 12 + 18 * legend.Count - 4;
        Legend.Draw(svg, bottomRight ? frame.Right - Legend.Width(legend) - 8 : frame.Left + 8, frame.Bottom - height - 8, legend);
        return Close(svg);
    }
}
