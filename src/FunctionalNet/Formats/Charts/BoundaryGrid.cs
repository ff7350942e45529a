using System.Collections.Immutable;
using FunctionalNet.Tensors;

namespace FunctionalNet.Formats.Charts;

/// <summary>
/// Predicted labels on a regular grid over a 2-D plane: cell (i, j) is centred at
/// (XMin + (j + ½)·(XMax − XMin)/Columns, YMin + (i + ½)·(YMax − YMin)/Rows); row 0 is the bottom row.
/// </summary>
/// <param name="XMin">Left edge.</param>
/// <param name="XMax">Right edge.</param>
/// <param name="YMin">Bottom edge.</param>
/// <param name="YMax">Top edge.</param>
/// <param name="Rows">Cells along y.</param>
/// <param name="Columns">Cells along x.</param>
/// <param name="Labels">Predicted label of each cell, row-major from the bottom row.</param>
public sealed record BoundaryGrid(double XMin, double XMax, double YMin, double YMax, int Rows, int Columns, ImmutableArray<int> Labels)
{
    /// <summary>
    /// Evaluates <paramref name="classify"/> on a grid covering <paramref name="points"/> (two columns) with a 10 %
    /// margin, like the tutorials' <c>plot_decision_boundary</c>.
    /// </summary>
    /// <param name="points">[m × 2] points whose extent the grid covers.</param>
    /// <param name="classify">Maps [k × 2] coordinates to k labels (e.g. a trained network's <c>PredictLabels</c>).</param>
    /// <param name="resolution">Cells along each axis.</param>
    public static BoundaryGrid Evaluate(Matrix<double> points, Func<Matrix<double>, int[]> classify, int resolution = 100)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(classify);
        if (points.Cols != 2) throw new ArgumentException($"a decision boundary needs 2 features, found {points.Cols}", nameof(points));
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        var (x0, x1) = Extent(points, 0);
        var (y0, y1) = Extent(points, 1);
        var centres = new double[resolution * resolution * 2];
        for (int i = 0; i < resolution; i++)
            for (int j = 0; j < resolution; j++)
            {
                centres[2 * (i * resolution + j)] = x0 + (j + 0.5) * (x1 - x0) / resolution;
                centres[2 * (i * resolution + j) + 1] = y0 + (i + 0.5) * (y1 - y0) / resolution;
            }
        var labels = classify(Matrix<double>.Create(resolution * resolution, 2, centres));
        if (labels.Length != resolution * resolution)
            throw new ArgumentException($"classify returned {labels.Length} labels for {resolution * resolution} points", nameof(classify));
        return new BoundaryGrid(x0, x1, y0, y1, resolution, resolution, [.. labels]);
    }

    private static (double Lo, double Hi) Extent(Matrix<double> points, int column)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int r = 0; r < points.Rows; r++)
        {
            lo = Math.Min(lo, points[r, column]);
            hi = Math.Max(hi, points[r, column]);
        }
        if (points.Rows == 0) (lo, hi) = (0, 1);
        double margin = Math.Max((hi - lo) * 0.1, 0.5);
        return (lo - margin, hi + margin);
    }
}
