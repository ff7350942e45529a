using System.Globalization;
using System.Text;

namespace FunctionalNet.Formats.Charts;

/// <summary>Small helpers shared by the charts: invariant number formatting, XML escaping, the class palette.</summary>
internal static class SvgText
{
    /// <summary>Colours for classes (Tableau 10), points and lines; regions use the same hues, lighter.</summary>
    public static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Lighter variants of <see cref="Palette"/> (mixed 70 % with white) for filled regions.</summary>
    public static readonly string[] LightPalette =
        ["#bcd6e8", "#ffd9b7", "#c0e3c0", "#f3bebe", "#dfd1ea", "#ddccc9", "#f7d6ee", "#d8d8d8", "#ebebbc", "#b9ebf1"];

    /// <summary>Colour of class <paramref name="k"/> (cycling).</summary>
    public static string ClassColour(int k) => Palette[((k % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>Light colour of class <paramref name="k"/> (cycling).</summary>
    public static string RegionColour(int k) => LightPalette[((k % LightPalette.Length) + LightPalette.Length) % LightPalette.Length];

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
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"background\" width=\"{N(width)}\" height=\"{N(height)}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"title\" x=\"{N(width / 2)}\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        return svg;
    }

    /// <summary>Appends a text element.</summary>
    public static void Text(StringBuilder svg, string cls, double x, double y, string text, string anchor = "middle", string extra = "") =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text class=\"{cls}\" x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\"{extra}>{Escape(text)}</text>\n");

    /// <summary>Appends a line element.</summary>
    public static void Line(StringBuilder svg, string cls, double x1, double y1, double x2, double y2, string stroke = "#444") =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<line class=\"{cls}\" x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\"/>\n");
}
