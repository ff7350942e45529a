using System.Collections.Immutable;
using FunctionalNet.Tensors;

namespace FunctionalNet.Plots;

/// <summary>
/// A model's class probabilities at the nodes of a regular grid over a 2-D plane: node (i, j) sits at
/// (XMin + j·(XMax − XMin)/(Nodes − 1), YMin + i·(YMax − YMin)/(Nodes − 1)); row 0 is the bottom row.
/// </summary>
/// <param name="XMin">Left edge.</param>
/// <param name="XMax">Right edge.</param>
/// <param name="YMin">Bottom edge.</param>
/// <param name="YMax">Top edge.</param>
/// <param name="Nodes">Nodes along each axis.</param>
/// <param name="Classes">Probabilities per node (at least 2).</param>
/// <param name="Probabilities">P(class k) at node (i, j) at index (i·Nodes + j)·Classes + k.</param>
public sealed record BoundaryGrid(double XMin, double XMax, double YMin, double YMax, int Nodes, int Classes, ImmutableArray<double> Probabilities)
{
    /// <summary>
    /// Evaluates <paramref name="probabilities"/> on a grid covering <paramref name="points"/> (two columns) with a
    /// 10 % margin, like the tutorials' <c>plot_decision_boundary</c>.
    /// </summary>
    /// <param name="points">[m × 2] points whose extent the grid covers.</param>
    /// <param name="probabilities">
    /// Maps [k × 2] coordinates to [k × classes] probabilities (e.g. a trained network's <c>Predict</c>); a single
    /// column is read as P(class 1) of a sigmoid output.
    /// </param>
    /// <param name="nodes">Nodes along each axis; 121 puts one every 4 pixels of a 480-pixel plot, where the
    /// linear interpolation between them is smooth to the eye.</param>
    public static BoundaryGrid Evaluate(Matrix<double> points, Func<Matrix<double>, Matrix<double>> probabilities, int nodes = 121)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (points.Cols != 2) throw new ArgumentException($"a decision boundary needs 2 features, found {points.Cols}", nameof(points));
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 2);
        var (x0, x1) = Extent(points, 0);
        var (y0, y1) = Extent(points, 1);
        var at = new double[nodes * nodes * 2];
        for (int i = 0; i < nodes; i++)
            for (int j = 0; j < nodes; j++)
            {
                at[2 * (i * nodes + j)] = x0 + j * (x1 - x0) / (nodes - 1);
                at[2 * (i * nodes + j) + 1] = y0 + i * (y1 - y0) / (nodes - 1);
            }
        var p = probabilities(Matrix<double>.Create(nodes * nodes, 2, at));
        if (p.Rows != nodes * nodes)
            throw new ArgumentException($"probabilities returned {p.Rows} rows for {nodes * nodes} points", nameof(probabilities));
        int classes = Math.Max(2, p.Cols);
        var values = new double[nodes * nodes * classes];
        for (int r = 0; r < p.Rows; r++)
            if (p.Cols == 1)
                (values[2 * r], values[2 * r + 1]) = (1 - p[r, 0], p[r, 0]);
            else
                for (int k = 0; k < classes; k++) values[r * classes + k] = p[r, k];
        return new BoundaryGrid(x0, x1, y0, y1, nodes, classes, [.. values]);
    }

    /// <summary>P(class <paramref name="k"/>) at node (i, j).</summary>
    public double Probability(int i, int j, int k) => Probabilities[(i * Nodes + j) * Classes + k];

    /// <summary>
    /// Class <paramref name="k"/>'s margin at every node: P(k) − max over the other classes, positive where k is
    /// predicted and zero on its boundary (for two classes, 2·P(k) − 1: zero where P = 0.5).
    /// </summary>
    public double[] Margin(int k)
    {
        var margin = new double[Nodes * Nodes];
        for (int n = 0; n < margin.Length; n++)
        {
            double other = double.NegativeInfinity;
            for (int c = 0; c < Classes; c++)
                if (c != k) other = Math.Max(other, Probabilities[n * Classes + c]);
            margin[n] = Probabilities[n * Classes + k] - other;
        }
        return margin;
    }

    /// <summary>P(class <paramref name="k"/>) at every node.</summary>
    public double[] Probability(int k) => [.. Enumerable.Range(0, Nodes * Nodes).Select(n => Probabilities[n * Classes + k])];

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
