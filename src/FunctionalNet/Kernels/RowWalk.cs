using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// The one walk over rows: in row order, a block at a time, through one rented forward pass, so only one block's
/// activations are ever held whatever m is. Prediction, the cost and evaluation all read rows this way.
/// </summary>
internal static class RowWalk
{
    /// <summary>The features of rows [first, first + rows), row-major.</summary>
    public delegate ReadOnlySpan<T> FeatureBlock<T>(int first, int rows);

    /// <summary>Called once a block's forward pass has run.</summary>
    public delegate void BlockVisit<T>(ForwardPass<T> pass, int first, int rows) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Called once a block of a source's rows has run, with the rows' targets and weights (empty without weights).</summary>
    public delegate void SourceVisit<T>(ForwardPass<T> pass, ReadOnlySpan<T> targets, ReadOnlySpan<T> weights, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Runs the network over m rows, <paramref name="blockRows"/> at a time.</summary>
    public static void Forward<T>(Architecture architecture, ReadOnlySpan<T> parameters, int m, int blockRows, Parallelism parallelism,
        FeatureBlock<T> features, BlockVisit<T> visit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = Math.Min(blockRows, Math.Max(1, m));
        var pass = ForwardPass<T>.Rent(architecture, block, parallelism);
        try
        {
            for (int first = 0; first < m; first += block)
            {
                int rows = Math.Min(block, m - first);
                pass.Rerun(parameters, features(first, rows), rows);
                visit(pass, first, rows);
            }
        }
        finally
        {
            pass.Return();
        }
    }

    /// <summary>
    /// Runs the network over every row of <paramref name="source"/> in blocks of <see cref="Network.CostBlockRows"/>:
    /// an in-memory batch is sliced where it lies, any other source gathered a block at a time into buffers of one block.
    /// </summary>
    public static void Forward<T>(Architecture architecture, ReadOnlySpan<T> parameters, IRowSource<T> source, Parallelism parallelism,
        SourceVisit<T> visit) where T : unmanaged, IFloatingPointIeee754<T> =>
        Forward(architecture, parameters, source, 0, source.Count, parallelism, visit);

    /// <summary>As the whole source's walk, over its rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="m"/>) only.</summary>
    public static void Forward<T>(Architecture architecture, ReadOnlySpan<T> parameters, IRowSource<T> source, int start, int m, Parallelism parallelism,
        SourceVisit<T> visit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputs = source.Inputs, outputs = source.Outputs;
        if (source is BatchRows<T> { Batch: var batch })
        {
            Forward(architecture, parameters, m, Network.CostBlockRows, parallelism, (first, rows) => batch.Features.Span.Slice((start + first) * inputs, rows * inputs),
                (pass, first, rows) => visit(pass, batch.Targets.Span.Slice((start + first) * outputs, rows * outputs),
                    batch.Weights is null ? default : batch.Weights.Span.Slice(start + first, rows), rows));
            return;
        }
        int block = Math.Min(Network.CostBlockRows, Math.Max(1, m));
        var (x, y, w, order) = (new T[block * inputs], new T[block * outputs], source.Weighted ? new T[block] : [], new int[block]);
        Forward(architecture, parameters, m, block, parallelism, (first, rows) =>
            {
                for (int i = 0; i < rows; i++) order[i] = start + first + i;
                source.Gather(order.AsSpan(0, rows), x, y, w);
                return x.AsSpan(0, rows * inputs);
            },
            (pass, _, rows) => visit(pass, y.AsSpan(0, rows * outputs), w.AsSpan(0, w.Length == 0 ? 0 : rows), rows));
    }

    /// <summary>
    /// J over every row of <paramref name="source"/>: the blocks' (weighted) loss sums added in block order, over m (or
    /// Σ w), plus the L2 term — for at most one block exactly the single pass's cost. <paramref name="also"/> sees each block.
    /// </summary>
    public static double Cost<T>(Architecture architecture, ReadOnlySpan<T> parameters, IRowSource<T> source, Parallelism parallelism,
        SourceVisit<T>? also = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (sum, total, weighted) = Sums(architecture, parameters, source, 0, source.Count, parallelism, also);
        int m = source.Count;
        return Network.Penalised(architecture, parameters, !weighted ? sum / m : total == 0 ? 0 : sum / total, m);
    }

    /// <summary>
    /// The (weighted) loss sum of rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="m"/>), its blocks'
    /// sums added in block order, the weights' total, and whether any block had weights.
    /// </summary>
    public static (double Sum, double Total, bool Weighted) Sums<T>(Architecture architecture, ReadOnlySpan<T> parameters, IRowSource<T> source, int start, int m,
        Parallelism parallelism, SourceVisit<T>? also = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0, total = 0;
        bool weighted = false;
        Forward(architecture, parameters, source, start, m, parallelism, (pass, targets, weights, rows) =>
        {
            sum += PassLoss.Sum(architecture, pass, targets, weights, 0, rows);
            if (!weights.IsEmpty)
            {
                weighted = true;
                total += SampleWeights.Total(weights, rows);
            }
            also?.Invoke(pass, targets, weights, rows);
        });
        return (sum, total, weighted);
    }
}
