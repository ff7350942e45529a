using System.Collections.Immutable;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;
using static FunctionalNet.Plots.Tests.Support.SvgPicture;

namespace FunctionalNet.Plots.Tests;

/// <summary>The ROC, precision–recall, reliability and importance pictures draw what the Evaluation functions computed.</summary>
public class JudgingChartTests
{
    // Labels of k classes (each present) with tied quarter-step scores, as probabilities per row.
    private static readonly Arbitrary<(int[] Actual, Matrix<double> Probabilities)> Scored =
        (from k in Gen.Choose(2, 4)
         from m in Gen.Choose(k, 40)
         from labels in Gen.ArrayOf(Gen.Choose(0, k - 1), m)
         from weights in Gen.ArrayOf(Gen.Choose(1, 4), m * k)
         select (labels.Select((y, i) => i < k ? i : y).ToArray(), Probabilities(m, k, weights))).ToArbitrary();

    private static Matrix<double> Probabilities(int m, int k, int[] weights) =>
        Matrix<double>.Create(m, k, [.. Enumerable.Range(0, m * k).Select(i => weights[i] / (double)Enumerable.Range(0, k).Sum(c => weights[i / k * k + c]))]);

    // The polyline's vertices in data coordinates, read back through the frame's [0, 1] axes (the chart pads them by 4 %).
    private static (double X, double Y)[] Curve(string svg, System.Xml.Linq.XElement line)
    {
        var frame = XyFrame.Covering([0, 1], [0, 1]);
        var v = ((string)line.Attribute("points")!).Split(' ', ',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return [.. Enumerable.Range(0, v.Length / 2).Select(i => (Unmap(frame.X, v[2 * i]), Unmap(frame.Y, v[2 * i + 1])))];
    }

    private static double Unmap(Axis axis, double pixel) => axis.Min + (pixel - axis.From) / (axis.To - axis.From) * (axis.Max - axis.Min);

    private static double Trapezoid((double X, double Y)[] p) => Enumerable.Range(1, p.Length - 1).Sum(i => (p[i].X - p[i - 1].X) * (p[i].Y + p[i - 1].Y) / 2);

    private static string[] Names(int k) => [.. Enumerable.Range(0, k).Select(c => $"class {c}")];

    [Property(MaxTest = 60)]
    public Property Each_roc_curve_encloses_its_classes_auc_and_says_it_in_the_legend() =>
        Prop.ForAll(Scored, c =>
        {
            string svg = RankingCharts.Roc(c.Actual, c.Probabilities, Names(c.Probabilities.Cols));
            var lines = Elements(svg, "polyline", "curve");
            int[] shown = c.Probabilities.Cols == 2 ? [1] : [.. Enumerable.Range(0, c.Probabilities.Cols)];
            var legends = Elements(svg, "text", "legend").Select(t => t.Value).ToArray();
            bool ok = lines.Length == shown.Length;
            for (int i = 0; ok && i < shown.Length; i++)
            {
                int[] positive = [.. c.Actual.Select(y => y == shown[i] ? 1 : 0)];
                double auc = RocAuc.Binary(positive, [.. Enumerable.Range(0, c.Actual.Length).Select(r => c.Probabilities[r, shown[i]])]).Match(v => v, _ => double.NaN);
                // Pixel coordinates carry two decimals: the area read back agrees to about 1e-2.
                ok = Math.Abs(Trapezoid(Curve(svg, lines[i])) - auc) < 0.02 && legends[i] == string.Create(CultureInfo.InvariantCulture, $"class {shown[i]} (AUC {auc:F3})");
            }
            return ok.Label(svg);
        });

    [Property(MaxTest = 60)]
    public Property Each_precision_recall_step_curve_encloses_its_average_precision() =>
        Prop.ForAll(Scored, c =>
        {
            string svg = RankingCharts.PrecisionRecall(c.Actual, c.Probabilities, Names(c.Probabilities.Cols));
            var lines = Elements(svg, "polyline", "curve");
            int[] shown = c.Probabilities.Cols == 2 ? [1] : [.. Enumerable.Range(0, c.Probabilities.Cols)];
            bool ok = lines.Length == shown.Length;
            for (int i = 0; ok && i < shown.Length; i++)
            {
                int[] positive = [.. c.Actual.Select(y => y == shown[i] ? 1 : 0)];
                double ap = AveragePrecision.Binary(positive, [.. Enumerable.Range(0, c.Actual.Length).Select(r => c.Probabilities[r, shown[i]])]).Match(v => v, _ => double.NaN);
                var p = Curve(svg, lines[i]);
                // Steps: every segment is level or upright, and the area under them is the average precision.
                ok = Math.Abs(Trapezoid(p) - ap) < 0.02 && Enumerable.Range(1, p.Length - 1).All(j => Math.Abs(p[j].X - p[j - 1].X) < 1e-2 || Math.Abs(p[j].Y - p[j - 1].Y) < 1e-2);
            }
            return ok.Label(svg);
        });

    [Fact]
    public void A_class_with_no_rows_gets_no_curve()
    {
        var p = Matrix<double>.FromRows([[0.7, 0.2, 0.1], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.8, 0.1]]);
        string svg = RankingCharts.Roc([0, 1, 0, 1], p, ["a", "b", "c"]);
        Assert.Equal(2, Elements(svg, "polyline", "curve").Length);
        Assert.Equal(["a (AUC 1.000)", "b (AUC 1.000)", "chance (AUC 0.5)"], Elements(svg, "text", "legend").Select(t => t.Value));
    }

    [Fact]
    public void A_reliability_diagram_puts_each_non_empty_bin_at_its_mean_and_share_and_histograms_every_bin()
    {
        bool[] positive = [true, false, true, true, false, true];
        double[] p = [0.05, 0.15, 0.55, 0.58, 0.62, 0.95];
        var curve = ReliabilityCurve.Of(positive, p, bins: 5).Match(c => c, e => throw new InvalidOperationException(e.Message));
        string svg = CalibrationChart.Render([("model", curve), ("calibrated", curve)], "spam", "P(spam)", "fraction of spam");
        Assert.Equal(4, Elements(svg, "circle", "bin-point").Length / 2);
        Assert.Equal(10, Elements(svg, "rect", "bar").Length);
        // Bins of width 0.2 hold 2, 0, 2, 1 and 1 rows: the first curve's bar heights follow those counts.
        var heights = Elements(svg, "rect", "bar").Take(5).Select(b => Number(b, "height")).ToArray();
        Assert.Equal([2, 0, 2, 1, 1], heights.Select(h => (int)Math.Round(h / heights.Max() * 2)).ToArray());
        Assert.Equal(["model", "calibrated", "perfectly calibrated"], Elements(svg, "text", "legend").Select(t => t.Value));
        Assert.Throws<ArgumentException>(() => CalibrationChart.Render([]));
    }

    [Fact]
    public void An_importance_chart_orders_bars_by_mean_drop_and_caps_the_count()
    {
        var features = ImmutableArray.Create(
            new FeatureImportance(0, 0.01, 0.005, [0.01]), new FeatureImportance(1, 0.3, 0.05, [0.3]), new FeatureImportance(2, -0.02, 0.01, [-0.02]));
        string svg = ImportanceChart.Render(new PermutationImportance(0.9, features), ["petal", "sepal width (cm)"], "accuracy");
        Assert.Equal(["sepal width (cm)", "petal", "x2"], Elements(svg, "text", "feature-label").Select(t => t.Value));
        var bars = Elements(svg, "rect", "bar");
        Assert.True(Number(bars[0], "width") > 10 * Number(bars[1], "width"));
        Assert.Equal(3, Elements(svg, "line", "whisker").Length);
        var many = new PermutationImportance(0.5, [.. Enumerable.Range(0, 64).Select(j => new FeatureImportance(j, j / 100.0, 0, [j / 100.0]))]);
        string capped = ImportanceChart.Render(many, [], "accuracy");
        Assert.Equal(ImportanceChart.MostShown, Elements(capped, "rect", "bar").Length);
        Assert.Equal("x63", Elements(capped, "text", "feature-label")[0].Value);
        Assert.Contains("(top 30 of 64)", Elements(capped, "text", "title")[0].Value, StringComparison.Ordinal);
    }
}
