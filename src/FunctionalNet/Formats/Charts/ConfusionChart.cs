using System.Globalization;
using static FunctionalNet.Formats.Charts.SvgText;

namespace FunctionalNet.Formats.Charts;

/// <summary>
/// A confusion-matrix heatmap as SVG: rows are true classes, columns predicted ones; each <c>rect.cell</c> is
/// shaded by its count relative to the largest and carries the count as <c>text.count</c>.
/// </summary>
public static class ConfusionChart
{
    private const double Cell = 44, Left = 110, Top = 70;

    /// <summary>Renders <paramref name="counts"/> (counts[true][predicted]), a square matrix with one row per class.</summary>
    public static string Render(IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<string> classNames, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(classNames);
        int k = counts.Count;
        if (classNames.Count != k || counts.Any(row => row.Count != k))
            throw new ArgumentException($"expected a {classNames.Count}×{classNames.Count} matrix of counts", nameof(counts));
        int max = Math.Max(1, counts.SelectMany(r => r).DefaultIfEmpty(0).Max());
        double width = Left + k * Cell + 30, height = Top + k * Cell + 50;
        var svg = Open(Math.Max(width, 260), height, title);
        for (int i = 0; i < k; i++)
        {
            Text(svg, "class-label", Left - 8, Top + (i + 0.5) * Cell + 4, classNames[i], "end");
            Text(svg, "class-label", Left + (i + 0.5) * Cell, Top - 8, classNames[i]);
            for (int j = 0; j < k; j++)
            {
                double t = (double)counts[i][j] / max;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"cell\" data-row=\"{i}\" data-col=\"{j}\" x=\"{N(Left + j * Cell)}\" y=\"{N(Top + i * Cell)}\" width=\"{N(Cell)}\" height=\"{N(Cell)}\" fill=\"{Shade(t)}\" stroke=\"white\"/>\n");
                Text(svg, "count", Left + (j + 0.5) * Cell, Top + (i + 0.5) * Cell + 4, counts[i][j].ToString(CultureInfo.InvariantCulture),
                    "middle", t > 0.55 ? " fill=\"white\"" : "");
            }
        }
        Text(svg, "axis-label", Left + k * Cell / 2, Top - 26, "predicted");
        Text(svg, "axis-label", 20, Top + k * Cell / 2, "true", "middle",
            FormattableString.Invariant($" transform=\"rotate(-90 20 {N(Top + k * Cell / 2)})\""));
        return svg.Append("</svg>\n").ToString();
    }

    // White → dark blue, linear in each channel.
    private static string Shade(double t)
    {
        int r = (int)Math.Round(255 + t * (8 - 255)), g = (int)Math.Round(255 + t * (48 - 255)), b = (int)Math.Round(255 + t * (107 - 255));
        return FormattableString.Invariant($"#{r:x2}{g:x2}{b:x2}");
    }
}
