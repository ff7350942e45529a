using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;
using static FunctionalNet.Plots.Tests.Support.SvgPicture;

namespace FunctionalNet.Plots.Tests;

/// <summary>Curves of millions of points are drawn with the vertices a picture can show, and no further than that from the rest.</summary>
public class PixelPathProperties
{
    // Paths of 1 to 400 vertices on a 640 × 420 picture, with steps from hundredths of a pixel to tens of pixels.
    private static readonly Arbitrary<(double X, double Y)[]> Paths =
        (from n in Gen.Choose(1, 400)
         from scale in Gen.Elements(0.01, 0.1, 1.0, 30.0)
         from steps in Gen.ArrayOf(Gen.Choose(-100, 100), 2 * n)
         select Walk(steps, scale)).ToArbitrary();

    private static (double X, double Y)[] Walk(int[] steps, double scale)
    {
        var path = new (double X, double Y)[steps.Length / 2];
        (double x, double y) = (320, 210);
        for (int i = 0; i < path.Length; i++) path[i] = (x += steps[2 * i] * scale / 100, y += steps[2 * i + 1] * scale / 100);
        return path;
    }

    [Property(MaxTest = 200)]
    public Property The_kept_vertices_are_the_ends_and_an_ordered_subset_within_the_tolerance_of_every_dropped_one() =>
        Prop.ForAll(Paths, path =>
        {
            var kept = PixelPath.Thin(path).ToArray();
            // Walk the input: each vertex is the next kept one, or within the tolerance of the last kept.
            int k = 0;
            bool near = true;
            (double X, double Y) last = path[0];
            foreach (var p in path)
                if (k < kept.Length && p == kept[k]) last = kept[k++];
                else near &= Math.Abs(p.X - last.X) < PixelPath.Tolerance && Math.Abs(p.Y - last.Y) < PixelPath.Tolerance;
            return (k == kept.Length && near && kept[0] == path[0] && kept[^1] == path[^1]).Label($"{path.Length} → {kept.Length}");
        });

    [Property(MaxTest = 100)]
    public Property A_rising_path_keeps_at_most_one_vertex_per_tolerance_of_its_length() =>
        Prop.ForAll(Paths, path =>
        {
            var rising = path.Select((p, i) => (X: path.Take(i + 1).Sum(q => Math.Abs(q.X - 320)), Y: path.Take(i + 1).Sum(q => Math.Abs(q.Y - 210)))).ToArray();
            double length = rising[^1].X - rising[0].X + rising[^1].Y - rising[0].Y;
            return (PixelPath.Thin(rising).Count() <= length / PixelPath.Tolerance + 2).Label($"{rising.Length} vertices over {length} px");
        });

    [Fact]
    public void The_roc_curve_of_200000_distinct_scores_draws_a_few_thousand_vertices_and_keeps_its_area()
    {
        var random = new Random(3);
        const int Rows = 200_000;
        int[] actual = [.. Enumerable.Range(0, Rows).Select(i => i % 2)];
        // Scores overlap between the classes, so the curve has every kind of step.
        var p1 = Enumerable.Range(0, Rows).Select(i => Math.Clamp(0.35 + 0.3 * actual[i] + 0.25 * (random.NextDouble() - 0.5) * 2, 0, 1)).ToArray();
        var probabilities = Matrix<double>.Create(Rows, 2, [.. p1.SelectMany(p => new[] { 1 - p, p })]);
        string roc = RankingCharts.Roc(actual, probabilities, ["a", "b"]), pr = RankingCharts.PrecisionRecall(actual, probabilities, ["a", "b"]);
        foreach (string svg in new[] { roc, pr })
        {
            int vertices = ((string)Elements(svg, "polyline", "curve")[0].Attribute("points")!).Split(' ').Length;
            // The frame is 542 × 328 pixels: a rising path of that extent keeps at most (542 + 328) / 0.25 + 2 vertices.
            Assert.InRange(vertices, 100, (int)((XyFrame.Width + XyFrame.Height) / PixelPath.Tolerance) + 2);
            Assert.True(svg.Length < 200_000, $"{svg.Length} characters");
        }
        double auc = RocAuc.Binary(actual, p1).Match(v => v, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"b (AUC {auc:F3})"), Elements(roc, "text", "legend")[0].Value);
    }

    [Fact]
    public void A_regression_picture_of_25000_rows_draws_every_third_and_says_so()
    {
        double[] truth = [.. Enumerable.Range(0, 25_000).Select(i => i / 100.0)], predicted = [.. truth.Select(t => t + Math.Sin(t))];
        foreach (string svg in new[] { RegressionCharts.PredictedVsTrue(truth, predicted), RegressionCharts.Residuals(truth, predicted) })
        {
            Assert.Equal(8_334, Elements(svg, "circle", "point").Length);
            Assert.Equal("1 in 3 of 25,000 test rows", Elements(svg, "text", "legend")[0].Value);
        }
        Assert.Equal("test rows", Elements(RegressionCharts.Residuals(truth[..RegressionCharts.MaxPoints], predicted[..RegressionCharts.MaxPoints]), "text", "legend")[0].Value);
    }
}
