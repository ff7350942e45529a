using System.Text;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>The white-to-dark-blue scale of heatmaps, and its colour bar.</summary>
internal static class ColourScale
{
    private const int Steps = 64;

    /// <summary>Colour of <paramref name="t"/> in [0, 1]: white → dark blue, linear in each channel.</summary>
    public static string Shade(double t)
    {
        t = Math.Clamp(t, 0, 1);
        int r = (int)Math.Round(255 + t * (8 - 255)), g = (int)Math.Round(255 + t * (48 - 255)), b = (int)Math.Round(255 + t * (107 - 255));
        return FormattableString.Invariant($"#{r:x2}{g:x2}{b:x2}");
    }

    /// <summary>Width the bar and its tick labels take.</summary>
    public static double Width(double max) => 16 + 6 + new Axis(0, max, 1, 0, false).Ticks(5).Max(t => TextWidth(Label(t))) + 4;

    /// <summary>
    /// A vertical bar from <paramref name="top"/> (value <paramref name="max"/>) down to <paramref name="bottom"/>
    /// (value 0), drawn as thin bands, with ticks and labels on its right.
    /// </summary>
    public static void Bar(StringBuilder svg, double x, double top, double bottom, double max)
    {
        double band = (bottom - top) / Steps;
        svg.Append("<g class=\"colour-bar\">\n");
        for (int s = 0; s < Steps; s++)
            Rect(svg, "colour-band", x, bottom - (s + 1) * band, 16, band + 0.5, Shade((s + 0.5) / Steps));
        svg.Append("</g>\n");
        Rect(svg, "colour-frame", x, top, 16, bottom - top, "none", " stroke=\"#444\"");
        var axis = new Axis(0, max, bottom, top, false);
        foreach (double t in axis.Ticks(5))
        {
            Line(svg, "tick", x + 16, axis.Map(t), x + 20, axis.Map(t));
            Text(svg, "tick-label", x + 22, axis.Map(t) + 4, Label(t), "start");
        }
    }
}
