using System.Globalization;
using System.Text;

namespace FunctionalNet.Plots;

/// <summary>Small helpers shared by the charts: invariant number formatting, XML escaping, the class palette, text sizes.</summary>
internal static class SvgText
{
    /// <summary>Font size of ordinary chart text (ticks, labels, legends), in pixels.</summary>
    public const double FontSize = 12;

    /// <summary>Font size of titles, in pixels.</summary>
    public const double TitleSize = 15;

    /// <summary>Colours for classes (Tableau 10), points and lines; regions use the same hues, lighter.</summary>
    public static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Colour of class <paramref name="k"/> (cycling).</summary>
    public static string ClassColour(int k) => Palette[((k % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>Class <paramref name="k"/>'s colour mixed with white, <paramref name="strength"/> of the hue kept.</summary>
    public static string Tint(int k, double strength)
    {
        string hex = ClassColour(k);
        int Mix(int at) => (int)Math.Round(255 + strength * (int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) - 255));
        return FormattableString.Invariant($"#{Mix(1):x2}{Mix(3):x2}{Mix(5):x2}");
    }

    /// <summary>
    /// Width of <paramref name="text"/> at <paramref name="size"/> px, estimated as 0.65 em per character (DejaVu
    /// Sans digits take 0.64 em): generous, so layouts that fit by it fit when drawn.
    /// </summary>
    public static double TextWidth(string text, double size = FontSize) => 0.65 * size * text.Length;

    /// <summary>A coordinate with two decimals, invariant culture.</summary>
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A tick label: compact, invariant.</summary>
    public static string Label(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Escapes text for XML content and attribute values.</summary>
    public static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>Opens an <c>svg</c> document of the given size with a white background and a title.</summary>
    public static StringBuilder Open(double width, double height, string title)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"{N(FontSize)}\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"background\" x=\"0\" y=\"0\" width=\"{N(width)}\" height=\"{N(height)}\" fill=\"white\"/>\n");
        // A title too long for the picture is set smaller rather than cut off at its edges.
        double size = Math.Min(TitleSize, Math.Floor((width - 20) / TextWidth(title, 1) * 10) / 10);
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"title\" x=\"{N(width / 2)}\" y=\"22\" text-anchor=\"middle\" font-size=\"{N(size)}\">{Escape(title)}</text>\n");
        return svg;
    }

    /// <summary>Appends a text element.</summary>
    public static void Text(StringBuilder svg, string cls, double x, double y, string text, string anchor = "middle", string extra = "") =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text class=\"{cls}\" x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\"{extra}>{Escape(text)}</text>\n");

    /// <summary>Appends a text element turned <paramref name="degrees"/> about its anchor point.</summary>
    public static void Rotated(StringBuilder svg, string cls, double x, double y, string text, double degrees, string anchor = "middle") =>
        Text(svg, cls, x, y, text, anchor, FormattableString.Invariant($" transform=\"rotate({N(degrees)} {N(x)} {N(y)})\""));

    /// <summary>Appends a line element.</summary>
    public static void Line(StringBuilder svg, string cls, double x1, double y1, double x2, double y2, string stroke = "#444", string extra = "") =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<line class=\"{cls}\" x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\"{extra}/>\n");

    /// <summary>Appends a filled rectangle.</summary>
    public static void Rect(StringBuilder svg, string cls, double x, double y, double width, double height, string fill, string extra = "") =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<rect class=\"{cls}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(width)}\" height=\"{N(height)}\" fill=\"{fill}\"{extra}/>\n");

    /// <summary>Closes the document.</summary>
    public static string Close(StringBuilder svg) => svg.Append("</svg>\n").ToString();
}
