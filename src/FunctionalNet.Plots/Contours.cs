using System.Text;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>
/// Filled contours and contour lines of a field sampled on a square grid of nodes, as SVG path data. Each grid cell
/// is split into two triangles along its rising diagonal and the field is linear on each triangle, so the filled
/// region {f ≥ level} and the line {f = level} are exact for that interpolant and meet without gaps or stair steps.
/// </summary>
/// <param name="Nodes">Nodes along each axis.</param>
/// <param name="PixelX">Pixel x of node column j.</param>
/// <param name="PixelY">Pixel y of node row i.</param>
internal sealed record Contours(int Nodes, Func<int, double> PixelX, Func<int, double> PixelY)
{
    /// <summary>
    /// Path data covering {f ≥ level}: runs of whole cells inside become one rectangle, cells the level crosses
    /// contribute their clipped triangles. One path, so a renderer fills it without seams between pieces.
    /// </summary>
    public string Fill(double[] f, double level)
    {
        var d = new StringBuilder();
        for (int i = 0; i + 1 < Nodes; i++)
        {
            int run = -1;
            for (int j = 0; j + 1 < Nodes; j++)
            {
                bool whole = f[i * Nodes + j] >= level && f[i * Nodes + j + 1] >= level
                    && f[(i + 1) * Nodes + j] >= level && f[(i + 1) * Nodes + j + 1] >= level;
                if (whole)
                {
                    if (run < 0) run = j;
                    continue;
                }
                if (run >= 0) Rectangle(d, i, run, j);
                run = -1;
                foreach (var triangle in Triangles(i, j)) Polygon(d, Clip(triangle, f, level));
            }
            if (run >= 0) Rectangle(d, i, run, Nodes - 1);
        }
        return d.ToString();
    }

    /// <summary>Path data of the line {f = level}: one straight segment per triangle it crosses.</summary>
    public string Line(double[] f, double level)
    {
        var d = new StringBuilder();
        for (int i = 0; i + 1 < Nodes; i++)
            for (int j = 0; j + 1 < Nodes; j++)
                foreach (var triangle in Triangles(i, j))
                {
                    var crossings = new List<(double X, double Y)>(2);
                    for (int e = 0; e < 3; e++)
                    {
                        var (a, b) = (triangle[e], triangle[(e + 1) % 3]);
                        double fa = f[a.I * Nodes + a.J] - level, fb = f[b.I * Nodes + b.J] - level;
                        if ((fa >= 0) != (fb >= 0)) crossings.Add(Between(a, b, fa, fb));
                    }
                    if (crossings.Count == 2)
                        d.Append($"M{N1(crossings[0].X)} {N1(crossings[0].Y)}L{N1(crossings[1].X)} {N1(crossings[1].Y)}");
                }
        return d.ToString();
    }

    private static (int I, int J)[][] Triangles(int i, int j) =>
        [[(i, j), (i, j + 1), (i + 1, j + 1)], [(i, j), (i + 1, j + 1), (i + 1, j)]];

    // Sutherland–Hodgman against one half-space of a linear function: keep inside vertices, add the crossings.
    private List<(double X, double Y)> Clip((int I, int J)[] triangle, double[] f, double level)
    {
        var kept = new List<(double X, double Y)>(4);
        for (int e = 0; e < 3; e++)
        {
            var (a, b) = (triangle[e], triangle[(e + 1) % 3]);
            double fa = f[a.I * Nodes + a.J] - level, fb = f[b.I * Nodes + b.J] - level;
            if (fa >= 0) kept.Add((PixelX(a.J), PixelY(a.I)));
            if ((fa >= 0) != (fb >= 0)) kept.Add(Between(a, b, fa, fb));
        }
        return kept;
    }

    private (double X, double Y) Between((int I, int J) a, (int I, int J) b, double fa, double fb)
    {
        double t = fa / (fa - fb);
        return (PixelX(a.J) + t * (PixelX(b.J) - PixelX(a.J)), PixelY(a.I) + t * (PixelY(b.I) - PixelY(a.I)));
    }

    private void Rectangle(StringBuilder d, int i, int from, int to) =>
        Polygon(d, [(PixelX(from), PixelY(i)), (PixelX(to), PixelY(i)), (PixelX(to), PixelY(i + 1)), (PixelX(from), PixelY(i + 1))]);

    private static void Polygon(StringBuilder d, List<(double X, double Y)> points)
    {
        if (points.Count < 3) return;
        d.Append('M').Append(N1(points[0].X)).Append(' ').Append(N1(points[0].Y));
        foreach (var (x, y) in points.Skip(1)) d.Append('L').Append(N1(x)).Append(' ').Append(N1(y));
        d.Append('Z');
    }

    // A tenth of a pixel is below what any screen shows and keeps the paths small.
    private static string N1(double value) => value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
