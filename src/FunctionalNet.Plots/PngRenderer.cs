using System.Globalization;
using System.Xml.Linq;
using SkiaSharp;

namespace FunctionalNet.Plots;

/// <summary>
/// Rasterises the SVG this assembly writes (and only that subset: nested <c>svg</c>, <c>g</c>, <c>rect</c>,
/// <c>circle</c>, <c>line</c>, <c>polyline</c>, <c>path</c> with M/L/Z, <c>text</c> with a rotation) to PNG with
/// SkiaSharp, so the PNG and SVG of a chart are one drawing.
/// </summary>
internal static class PngRenderer
{
    private const float Scale = 2;
    private static readonly SKTypeface Face = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;

    /// <summary>PNG bytes of <paramref name="svg"/> at twice its size.</summary>
    public static byte[] Render(string svg)
    {
        var root = XElement.Parse(svg);
        int width = (int)Math.Ceiling(Number(root, "width") * Scale), height = (int)Math.Ceiling(Number(root, "height") * Scale);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(Scale);
        Draw(canvas, root, 12);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void Draw(SKCanvas canvas, XElement element, double fontSize)
    {
        fontSize = Optional(element, "font-size") ?? fontSize;
        switch (element.Name.LocalName)
        {
            case "svg":
                canvas.Save();
                canvas.Translate((float)(Optional(element, "x") ?? 0), (float)(Optional(element, "y") ?? 0));
                foreach (var child in element.Elements()) Draw(canvas, child, fontSize);
                canvas.Restore();
                return;
            case "g":
                foreach (var child in element.Elements()) Draw(canvas, child, fontSize);
                return;
            case "rect":
                Shape(canvas, element, path => path.AddRect(SKRect.Create(F(element, "x"), F(element, "y"), F(element, "width"), F(element, "height"))));
                return;
            case "circle":
                Shape(canvas, element, path => path.AddCircle(F(element, "cx"), F(element, "cy"), F(element, "r")));
                return;
            case "line":
                Shape(canvas, element, path =>
                {
                    path.MoveTo(F(element, "x1"), F(element, "y1"));
                    path.LineTo(F(element, "x2"), F(element, "y2"));
                });
                return;
            case "polyline":
                Shape(canvas, element, path => Points(path, (string)element.Attribute("points")!));
                return;
            case "path":
                Shape(canvas, element, path => PathData(path, (string?)element.Attribute("d") ?? ""));
                return;
            case "text":
                Text(canvas, element, fontSize);
                return;
            default:
                return; // title and anything else carries no paint
        }
    }

    private static void Shape(SKCanvas canvas, XElement element, Action<SKPath> build)
    {
        using var path = new SKPath();
        build(path);
        if (Colour(element, "fill", element.Name.LocalName is "line" or "polyline" ? "none" : "black") is { } fill)
        {
            using var paint = new SKPaint { Color = fill.WithAlpha(Alpha(element, "fill-opacity")), IsAntialias = true, Style = SKPaintStyle.Fill };
            canvas.DrawPath(path, paint);
        }
        if (Colour(element, "stroke", "none") is { } stroke)
        {
            using var paint = new SKPaint
            {
                Color = stroke, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = (float)(Optional(element, "stroke-width") ?? 1),
                StrokeCap = (string?)element.Attribute("stroke-linecap") == "round" ? SKStrokeCap.Round : SKStrokeCap.Butt,
                StrokeJoin = SKStrokeJoin.Round,
            };
            if ((string?)element.Attribute("stroke-dasharray") is { } dashes)
            {
                using var effect = SKPathEffect.CreateDash([.. dashes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(Parse)], 0);
                paint.PathEffect = effect;
                canvas.DrawPath(path, paint);
                return;
            }
            canvas.DrawPath(path, paint);
        }
    }

    private static void Text(SKCanvas canvas, XElement element, double fontSize)
    {
        using var font = new SKFont(Face, (float)fontSize);
        using var paint = new SKPaint { Color = Colour(element, "fill", "black") ?? SKColors.Black, IsAntialias = true };
        var align = (string?)element.Attribute("text-anchor") switch { "end" => SKTextAlign.Right, "start" => SKTextAlign.Left, _ => SKTextAlign.Center };
        canvas.Save();
        if ((string?)element.Attribute("transform") is { } transform && transform.StartsWith("rotate(", StringComparison.Ordinal))
        {
            var r = transform[7..^1].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();
            canvas.RotateDegrees(r[0], r.Length == 3 ? r[1] : 0, r.Length == 3 ? r[2] : 0);
        }
        canvas.DrawText(element.Value, F(element, "x"), F(element, "y"), align, font, paint);
        canvas.Restore();
    }

    private static void Points(SKPath path, string points)
    {
        var v = points.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();
        for (int i = 0; i + 1 < v.Length; i += 2)
            if (i == 0) path.MoveTo(v[0], v[1]);
            else path.LineTo(v[i], v[i + 1]);
    }

    // The charts' paths use only absolute M, L and Z with space-separated coordinates.
    private static void PathData(SKPath path, string d)
    {
        int at = 0;
        while (at < d.Length)
        {
            char command = d[at++];
            if (command == 'Z')
            {
                path.Close();
                continue;
            }
            int end = at;
            while (end < d.Length && d[end] is not ('M' or 'L' or 'Z')) end++;
            var xy = d[at..end].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();
            if (command == 'M') path.MoveTo(xy[0], xy[1]);
            else path.LineTo(xy[0], xy[1]);
            at = end;
        }
    }

    private static SKColor? Colour(XElement element, string attribute, string fallback)
    {
        string value = (string?)element.Attribute(attribute) ?? fallback;
        return value switch
        {
            "none" => null,
            "white" => SKColors.White,
            "black" => SKColors.Black,
            _ => SKColor.TryParse(value, out var colour) ? colour : SKColors.Black,
        };
    }

    private static byte Alpha(XElement element, string attribute) => (byte)Math.Round(255 * (Optional(element, attribute) ?? 1));

    private static float F(XElement element, string attribute) => (float)(Optional(element, attribute) ?? 0);

    private static double Number(XElement element, string attribute) => Optional(element, attribute) ?? 0;

    private static double? Optional(XElement element, string attribute) =>
        double.TryParse((string?)element.Attribute(attribute), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static float Parse(string s) => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
