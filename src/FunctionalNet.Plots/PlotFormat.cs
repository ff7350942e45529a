namespace FunctionalNet.Plots;

/// <summary>The file format a picture is written in.</summary>
public enum PlotFormat
{
    /// <summary>SVG text: scalable, small, readable by tests and diff tools.</summary>
    Svg,

    /// <summary>PNG, rasterised from the same SVG at twice its pixel size.</summary>
    Png,
}

/// <summary>Turns a rendered chart into the bytes of a file.</summary>
public static class Plot
{
    /// <summary>Parses <c>svg</c> or <c>png</c> (any case); null for anything else.</summary>
    public static PlotFormat? ParseFormat(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "svg" => PlotFormat.Svg,
        "png" => PlotFormat.Png,
        _ => null,
    };

    /// <summary>The file extension of <paramref name="format"/>, with its dot.</summary>
    public static string Extension(PlotFormat format) => format == PlotFormat.Png ? ".png" : ".svg";

    /// <summary>The bytes of <paramref name="svg"/> (a chart as rendered here) in <paramref name="format"/>.</summary>
    public static byte[] Encode(string svg, PlotFormat format) =>
        format == PlotFormat.Png ? PngRenderer.Render(svg) : System.Text.Encoding.UTF8.GetBytes(svg);

    /// <summary>Writes <paramref name="svg"/> as <paramref name="path"/> with its extension replaced by the format's.</summary>
    /// <returns>The path written.</returns>
    public static string Save(string svg, string path, PlotFormat format)
    {
        string target = Path.ChangeExtension(path, Extension(format));
        File.WriteAllBytes(target, Encode(svg, format));
        return target;
    }
}
