using SkiaSharp;

namespace FunctionalNet.Plots.Tests;

public class PngTests
{
    [Fact]
    public void A_png_is_the_same_drawing_at_twice_the_size_and_the_same_bytes_every_time()
    {
        int[][] counts = [[50, 2], [3, 40]];
        string svg = ConfusionChart.Render(counts, ["no", "yes"], "PNG");
        byte[] png = Plot.Encode(svg, PlotFormat.Png);
        Assert.Equal(png, Plot.Encode(svg, PlotFormat.Png));
        using var bitmap = SKBitmap.Decode(png);
        var root = System.Xml.Linq.XElement.Parse(svg);
        Assert.Equal(2 * (int)Math.Ceiling(double.Parse((string)root.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture)), bitmap.Width);
        // The cell of 50 (the largest count) is the scale's darkest blue, #08306b, in its middle away from its text.
        var cell = Support.SvgPicture.Elements(svg, "rect", "cell")[0];
        double x = Support.SvgPicture.Number(cell, "x") + 6, y = Support.SvgPicture.Number(cell, "y") + 6;
        Assert.Equal(new SKColor(0x08, 0x30, 0x6b), bitmap.GetPixel((int)(2 * x), (int)(2 * y)));
    }

    [Theory]
    [InlineData("svg", PlotFormat.Svg)]
    [InlineData("PNG", PlotFormat.Png)]
    [InlineData("jpeg", null)]
    public void Formats_are_named_svg_or_png(string name, PlotFormat? expected) => Assert.Equal(expected, Plot.ParseFormat(name));
}
