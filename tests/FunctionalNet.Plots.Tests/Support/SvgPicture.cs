using System.Globalization;
using System.Xml.Linq;

namespace FunctionalNet.Plots.Tests.Support;

/// <summary>A text element's estimated box: its four corners in the picture's pixels, after rotation and nesting.</summary>
public sealed record TextBox(string Text, string Class, (double X, double Y)[] Corners)
{
    public override string ToString() => $"'{Text}' ({Class}) at {string.Join(" ", Corners.Select(c => $"({c.X:F0},{c.Y:F0})"))}";
}

/// <summary>
/// Reads a chart's SVG the way a viewer lays it out, closely enough to check layout: each text's box is estimated
/// from its font size (height 1 em, from 0.8 em above the baseline to 0.2 em below) and its length (0.62 em per
/// character: DejaVu Sans draws digits 0.64 em wide, lower case 0.3–0.97 em), moved by nested <c>svg</c> offsets and turned by its
/// <c>rotate(…)</c>.
/// </summary>
public static class SvgPicture
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public static XElement[] Elements(string svg, string name, string? cls = null) =>
        [.. XDocument.Parse(svg).Descendants(Ns + name).Where(e => cls is null || (string?)e.Attribute("class") == cls)];

    public static double Number(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    public static IReadOnlyList<TextBox> TextBoxes(string svg)
    {
        var boxes = new List<TextBox>();
        void Walk(XElement e, double dx, double dy, double size)
        {
            if (e.Attribute("font-size") is { } fs) size = double.Parse(fs.Value, CultureInfo.InvariantCulture);
            if (e.Name == Ns + "svg" && e.Parent is not null) (dx, dy) = (dx + Optional(e, "x"), dy + Optional(e, "y"));
            if (e.Name == Ns + "text" && e.Value.Length > 0) boxes.Add(Box(e, dx, dy, size));
            foreach (var child in e.Elements()) Walk(child, dx, dy, size);
        }
        Walk(XElement.Parse(svg), 0, 0, 12);
        return boxes;
    }

    private static double Optional(XElement e, string attribute) =>
        e.Attribute(attribute) is { } a ? double.Parse(a.Value, CultureInfo.InvariantCulture) : 0;

    private static TextBox Box(XElement e, double dx, double dy, double size)
    {
        double x = Number(e, "x"), y = Number(e, "y"), width = 0.62 * size * e.Value.Length;
        double x0 = (string?)e.Attribute("text-anchor") switch { "end" => x - width, "start" => x, _ => x - width / 2 };
        (double X, double Y)[] corners = [(x0, y - 0.8 * size), (x0 + width, y - 0.8 * size), (x0 + width, y + 0.2 * size), (x0, y + 0.2 * size)];
        if ((string?)e.Attribute("transform") is { } t && t.StartsWith("rotate(", StringComparison.Ordinal))
        {
            var r = t[7..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            double a = r[0] * Math.PI / 180, cx = r[1], cy = r[2];
            corners = [.. corners.Select(p => (cx + (p.X - cx) * Math.Cos(a) - (p.Y - cy) * Math.Sin(a), cy + (p.X - cx) * Math.Sin(a) + (p.Y - cy) * Math.Cos(a)))];
        }
        return new TextBox(e.Value, (string?)e.Attribute("class") ?? "", [.. corners.Select(p => (p.X + dx, p.Y + dy))]);
    }

    /// <summary>Every pair of text boxes whose rectangles intersect (separating-axis test on the two rectangles).</summary>
    public static IReadOnlyList<(TextBox, TextBox)> Overlaps(string svg)
    {
        var boxes = TextBoxes(svg);
        var found = new List<(TextBox, TextBox)>();
        for (int i = 0; i < boxes.Count; i++)
            for (int j = i + 1; j < boxes.Count; j++)
                if (Intersect(boxes[i].Corners, boxes[j].Corners)) found.Add((boxes[i], boxes[j]));
        return found;
    }

    /// <summary>Text boxes reaching outside the picture's width and height.</summary>
    public static IReadOnlyList<TextBox> Outside(string svg)
    {
        var root = XElement.Parse(svg);
        double w = Number(root, "width"), h = Number(root, "height");
        return [.. TextBoxes(svg).Where(b => b.Corners.Any(c => c.X < -0.5 || c.Y < -0.5 || c.X > w + 0.5 || c.Y > h + 0.5))];
    }

    private static bool Intersect((double X, double Y)[] a, (double X, double Y)[] b)
    {
        foreach (var poly in new[] { a, b })
            for (int i = 0; i < 4; i++)
            {
                var (p, q) = (poly[i], poly[(i + 1) % 4]);
                var (nx, ny) = (q.Y - p.Y, p.X - q.X);
                double aMin = a.Min(c => c.X * nx + c.Y * ny), aMax = a.Max(c => c.X * nx + c.Y * ny);
                double bMin = b.Min(c => c.X * nx + c.Y * ny), bMax = b.Max(c => c.X * nx + c.Y * ny);
                if (aMax <= bMin || bMax <= aMin) return false;
            }
        return true;
    }

    /// <summary>The segments of path data made of M and L commands (as the boundary lines are written).</summary>
    public static IReadOnlyList<((double X, double Y) From, (double X, double Y) To)> Segments(string d)
    {
        var segments = new List<((double, double), (double, double))>();
        (double, double) at = default;
        foreach (var part in System.Text.RegularExpressions.Regex.Matches(d, @"([MLZ])([^MLZ]*)").Cast<System.Text.RegularExpressions.Match>())
        {
            if (part.Groups[1].Value == "Z") continue;
            var xy = part.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            if (part.Groups[1].Value == "L") segments.Add((at, (xy[0], xy[1])));
            at = (xy[0], xy[1]);
        }
        return segments;
    }

    /// <summary>Polygons (closed M…L…Z runs) of path data, for areas.</summary>
    public static IReadOnlyList<(double X, double Y)[]> Polygons(string d) =>
        [.. d.Split('Z', StringSplitOptions.RemoveEmptyEntries).Select(poly => System.Text.RegularExpressions.Regex.Matches(poly, @"[ML]([^ML]*)")
            .Select(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray())
            .Select(v => (v[0], v[1])).ToArray())];

    /// <summary>Area of a simple polygon (shoelace), always non-negative.</summary>
    public static double Area((double X, double Y)[] polygon) =>
        Math.Abs(Enumerable.Range(0, polygon.Length).Sum(i => polygon[i].X * polygon[(i + 1) % polygon.Length].Y - polygon[(i + 1) % polygon.Length].X * polygon[i].Y)) / 2;
}
