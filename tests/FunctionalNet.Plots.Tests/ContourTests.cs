using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;
using static FunctionalNet.Plots.Tests.Support.SvgPicture;

namespace FunctionalNet.Plots.Tests;

/// <summary>The drawn boundary is where the model's probability is 0.5, to within a pixel, and the fills have no steps.</summary>
public class ContourTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>
    /// Maps every vertex of the boundary line back to feature values through the frame's extent and checks that
    /// the model's probability crosses 0.5 within one pixel of it (it is above on one side, below on the other).
    /// </summary>
    internal static void AssertLineOnHalf(string svg, Func<double, double, double> p)
    {
        var frame = Assert.Single(Elements(svg, "rect", "frame"));
        double left = Number(frame, "x"), top = Number(frame, "y"), size = Number(frame, "width");
        double xMin = Number(frame, "data-x-min"), xMax = Number(frame, "data-x-max"), yMin = Number(frame, "data-y-min"), yMax = Number(frame, "data-y-max");
        double P(double px, double py) => p(xMin + (px - left) / size * (xMax - xMin), yMax - (py - top) / size * (yMax - yMin));
        var segments = Elements(svg, "path", "boundary-line").SelectMany(l => Segments((string)l.Attribute("d")!)).ToList();
        Assert.NotEmpty(segments);
        foreach (var (x, y) in segments.SelectMany(s => new[] { s.From, s.To, ((s.From.X + s.To.X) / 2, (s.From.Y + s.To.Y) / 2) }))
        {
            var around = new[] { (-1, 0), (1, 0), (0, -1), (0, 1), (-0.7, -0.7), (0.7, 0.7), (-0.7, 0.7), (0.7, -0.7) }.Select(d => P(x + d.Item1, y + d.Item2)).ToArray();
            Assert.True(around.Min() <= 0.5 && around.Max() >= 0.5, $"no p = 0.5 within a pixel of ({x}, {y}): {string.Join(", ", around)}");
        }
    }

    [Property(MaxTest = 25)]
    public Property A_curved_boundary_is_drawn_where_the_probability_is_one_half() =>
        Prop.ForAll(Gen.Choose(-30, 30).Select(v => v / 10.0).Three().ToArbitrary(), t =>
        {
            var (shift, bend, tilt) = t;
            // A smooth two-class model whose boundary y = shift + bend·sin(x) + tilt·x curves through the plot.
            double P(double x, double y) => Sigmoid(3 * (y - shift - bend * Math.Sin(x) - tilt * x));
            var points = Matrix<double>.FromRows([[-3.0, -6], [3, 6]]);
            var grid = BoundaryGrid.Evaluate(points, m => Matrix<double>.Create(m.Rows, 1, [.. Enumerable.Range(0, m.Rows).Select(r => P(m[r, 0], m[r, 1]))]));
            AssertLineOnHalf(BoundaryChart.Render(grid, points, [0, 1], ["below", "above"]), P);
        });

    [Fact]
    public void A_three_class_boundary_follows_the_ties_between_classes()
    {
        // Softmax of three linear scores: the boundaries are where the two largest probabilities are equal.
        double[] Scores(double x, double y) => [x, y, -x - y];
        double[] Softmax(double[] s) { var e = s.Select(Math.Exp).ToArray(); return [.. e.Select(v => v / e.Sum())]; }
        var points = Matrix<double>.FromRows([[-2.0, -2], [2, 2]]);
        var grid = BoundaryGrid.Evaluate(points, m => Matrix<double>.FromRows([.. Enumerable.Range(0, m.Rows).Select(r => Softmax(Scores(m[r, 0], m[r, 1])))]));
        string svg = BoundaryChart.Render(grid, points, [0, 1], ["a", "b", "c"]);
        Assert.Equal(3, Elements(svg, "path", "boundary-line").Length);
        // For class k's line, its margin P(k) − max(others) crosses 0 within a pixel: the line is a tie.
        for (int k = 0; k < 3; k++)
        {
            var one = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + Elements(svg, "rect", "frame")[0] + Elements(svg, "path", "boundary-line")[k] + "</svg>";
            int c = k;
            AssertLineOnHalf(one, (x, y) => { var p = Softmax(Scores(x, y)); return 0.5 + (p[c] - p.Where((_, j) => j != c).Max()); });
        }
    }

    [Property(MaxTest = 25)]
    public Property A_filled_region_of_a_linear_field_has_the_exact_area(int seed)
    {
        // f = x − c on a 480-pixel square: {f ≥ 0} is the strip right of c, with area (1 − c)·480², no stair steps.
        double c = 0.05 + 0.9 * ((seed & 0x7fffffff) % 1000) / 1000.0;
        const int nodes = 41;
        var f = new double[nodes * nodes];
        for (int i = 0; i < nodes; i++)
            for (int j = 0; j < nodes; j++)
                f[i * nodes + j] = j / (nodes - 1.0) - c + 0.013 * (i / (nodes - 1.0)); // slightly tilted, so the edge is not on grid lines
        var contours = new Contours(nodes, j => j * 480.0 / (nodes - 1), i => 480 - i * 480.0 / (nodes - 1));
        double area = Polygons(contours.Fill(f, 0)).Sum(Area);
        // The strip's edge runs from x = c at the bottom to x = c − 0.013 at the top.
        double expected = (1 - c + 0.013 / 2) * 480 * 480;
        return (Math.Abs(area - expected) < 480 * 0.2).Label($"area {area} against {expected}");
    }
}
