using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Training;

/// <summary>
/// Whole-set quantities of a <see cref="IRowSource{T}"/> computed in blocks of rows, in row order, so only one block's
/// features and activations are ever held: the cost, and the predicted and true labels.
/// </summary>
public static class RowSources
{
    /// <summary>Rows per block: large enough for the products to run at speed, small enough to keep memory flat.</summary>
    public const int BlockRows = 4096;

    /// <summary>
    /// J over every row: the sum of the blocks' loss sums over m, plus the L2 term. Equals <see cref="Network.Cost{T}"/>
    /// up to the rounding of summing per block (an in-memory batch gets exactly <see cref="Network.Cost{T}"/>).
    /// </summary>
    public static double Cost<T>(Architecture architecture, Parameters<T> parameters, IRowSource<T> source, Parallelism? parallelism = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(source);
        var p = parallelism ?? Parallelism.Default;
        if (source is BatchRows<T> memory) return double.CreateTruncating(Network.Cost(architecture, parameters, memory.Batch, p));
        int m = source.Count;
        double sum = 0;
        Blocks(source, (x, y, rows) =>
        {
            var pass = ForwardPass<T>.Run(architecture, parameters.Flat, x, rows, p);
            sum += architecture.Loss.Sum<T>(architecture.Output.Activation, pass.Z[^1], pass.A[^1], y, architecture.Outputs);
        });
        return Network.Penalised(architecture, parameters.Flat, sum / m, m);
    }

    /// <summary>
    /// One blocked forward pass giving the cost (as <see cref="Cost{T}"/> computes it for a source that is not in memory),
    /// the network's label for every row (arg-max, or ½ threshold for one output) and each row's true label from its targets.
    /// </summary>
    public static (double Cost, int[] Predicted, int[] Truth) Evaluate<T>(Architecture architecture, Parameters<T> parameters, IRowSource<T> source,
        Parallelism? parallelism = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(source);
        var p = parallelism ?? Parallelism.Default;
        var predicted = new int[source.Count];
        var truth = new int[source.Count];
        int done = 0;
        double sum = 0;
        Blocks(source, (x, y, rows) =>
        {
            var pass = ForwardPass<T>.Run(architecture, parameters.Flat, x, rows, p);
            sum += architecture.Loss.Sum<T>(architecture.Output.Activation, pass.Z[^1], pass.A[^1], y, architecture.Outputs);
            Network.Labels(Matrix<T>.Own(rows, architecture.Outputs, pass.Output.ToArray())).CopyTo(predicted, done);
            Network.Labels(Matrix<T>.Own(rows, source.Outputs, y.ToArray())).CopyTo(truth, done);
            done += rows;
        });
        return (Network.Penalised(architecture, parameters.Flat, sum / source.Count, source.Count), predicted, truth);
    }

    private delegate void BlockAction<T>(ReadOnlySpan<T> features, ReadOnlySpan<T> targets, int rows);

    private static void Blocks<T>(IRowSource<T> source, BlockAction<T> action) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = source.Count, block = Math.Min(BlockRows, Math.Max(1, m));
        var x = new T[block * source.Inputs];
        var y = new T[block * source.Outputs];
        var rows = new int[block];
        for (int start = 0; start < m; start += block)
        {
            int count = Math.Min(block, m - start);
            for (int i = 0; i < count; i++) rows[i] = start + i;
            source.Gather(rows.AsSpan(0, count), x, y);
            action(x.AsSpan(0, count * source.Inputs), y.AsSpan(0, count * source.Outputs), count);
        }
    }
}
