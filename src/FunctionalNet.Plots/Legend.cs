using System.Globalization;
using System.Text;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>What a legend entry shows next to its text.</summary>
internal enum LegendMark
{
    /// <summary>A filled circle, as data points are drawn.</summary>
    Point,

    /// <summary>A short solid line.</summary>
    Line,

    /// <summary>A short dashed line.</summary>
    Dashed,

    /// <summary>A filled square, as regions are shaded.</summary>
    Swatch,
}

/// <summary>One legend row.</summary>
internal sealed record LegendEntry(LegendMark Mark, string Colour, string Text);

/// <summary>A legend: a framed column of entries, each a mark and its text.</summary>
internal static class Legend
{
    private const double Row = 18, Pad = 6, MarkWidth = 22;

    /// <summary>Width the legend of <paramref name="entries"/> takes.</summary>
    public static double Width(IEnumerable<LegendEntry> entries) => 2 * Pad + MarkWidth + 6 + entries.Max(e => TextWidth(e.Text));

    /// <summary>Draws the legend with its top-left corner at (x, y).</summary>
    public static void Draw(StringBuilder svg, double x, double y, IReadOnlyList<LegendEntry> entries)
    {
        if (entries.Count == 0) return;
        Rect(svg, "legend-frame", x, y, Width(entries), 2 * Pad + Row * entries.Count - 4, "white", " fill-opacity=\"0.85\" stroke=\"#999\"");
        for (int i = 0; i < entries.Count; i++)
        {
            var (mark, colour, text) = entries[i];
            double cy = y + Pad + Row * i + 7, mx = x + Pad;
            switch (mark)
            {
                case LegendMark.Point:
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<circle class=\"legend-mark\" cx=\"{N(mx + MarkWidth / 2)}\" cy=\"{N(cy)}\" r=\"4\" fill=\"{colour}\" stroke=\"black\" stroke-width=\"0.5\"/>\n");
                    break;
                case LegendMark.Swatch:
                    Rect(svg, "legend-mark", mx + 4, cy - 6, MarkWidth - 8, 12, colour, " stroke=\"#999\"");
                    break;
                default:
                    Line(svg, "legend-mark", mx, cy, mx + MarkWidth, cy, colour,
                        mark == LegendMark.Dashed ? " stroke-width=\"2\" stroke-dasharray=\"5 3\"" : " stroke-width=\"2\"");
                    break;
            }
            Text(svg, "legend", mx + MarkWidth + 6, cy + 4, text, "start");
        }
    }
}
