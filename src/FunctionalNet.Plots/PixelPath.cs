namespace FunctionalNet.Plots;

/// <summary>
/// A path's vertices thinned to what the picture can show: a curve of millions of points (the ROC curve of a cache's
/// test part has one per distinct score) drew a 266 MB SVG and took gigabytes to write it.
/// </summary>
internal static class PixelPath
{
    /// <summary>How far, in pixels along either axis, a vertex must be from the last one kept to be kept.</summary>
    public const double Tolerance = 0.25;

    /// <summary>
    /// The first vertex, each vertex at least <see cref="Tolerance"/> pixels from the last one kept, and the last vertex:
    /// every dropped vertex lies within the tolerance of a kept one, so the drawn line moves by less than half a pixel.
    /// </summary>
    public static IEnumerable<(double X, double Y)> Thin(IEnumerable<(double X, double Y)> pixels)
    {
        bool any = false, pending = false;
        (double X, double Y) kept = default, last = default;
        foreach (var p in pixels)
        {
            if (!any || Math.Abs(p.X - kept.X) >= Tolerance || Math.Abs(p.Y - kept.Y) >= Tolerance)
            {
                yield return p;
                (kept, any, pending) = (p, true, false);
            }
            else (last, pending) = (p, true);
        }
        if (pending) yield return last;
    }
}
