using System.Buffers.Binary;
using System.Numerics;
using System.Numerics.Tensors;
using MemoryMarshal = System.Runtime.InteropServices.MemoryMarshal;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Training;

namespace FunctionalNet.Kernels;

/// <summary>
/// A mini-batch's gradient as the balanced-tree sum of its slots' (<see cref="SlotCount"/>): slot s holds rows
/// [s·m/S, (s+1)·m/S), each slot's gradient is scaled as the whole batch's (wᵢ/Σw over the batch, dropout masks drawn for
/// the rows' places in the batch), and the L2 term is added once to the root. With an exchange this process computes
/// only its share of the slots, one subtree, and the subtrees' roots are gathered and added in the same tree order, so
/// every process holds the bits one process computing all S slots would. Owns its buffers; not thread-safe.
/// </summary>
internal sealed class SlotGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Architecture architecture;
    private readonly SlotBackpropagation<T> layered;
    private readonly NarrowGradient<T>? narrow;
    private readonly SlotExchange? exchange;
    private readonly int slots, ranks, rank, length;
    private readonly SlotTree<T> local;
    private readonly SlotTree<T>? across;
    private readonly byte[] mine, all;

    /// <summary>
    /// Slots of <paramref name="slots"/> for <paramref name="architecture"/>, computed by <paramref name="narrow"/> when given
    /// (else by backpropagation on <paramref name="workspace"/>), shared through <paramref name="exchange"/> when given.
    /// </summary>
    public SlotGradient(Architecture architecture, int slots, SlotExchange? exchange, Workspace<T> workspace, NarrowGradient<T>? narrow)
    {
        this.architecture = architecture;
        layered = new SlotBackpropagation<T>(workspace);
        this.narrow = narrow;
        this.exchange = exchange;
        this.slots = slots;
        (rank, ranks) = exchange is null ? (0, 1) : (exchange.Rank, exchange.Ranks);
        if (ranks < 1 || !BitOperations.IsPow2(ranks) || slots % ranks != 0 || rank < 0 || rank >= ranks)
            throw new ArgumentException($"{ranks} processes cannot share {slots} slots: the processes must be a power of two dividing the slots", nameof(exchange));
        length = architecture.Layout.Count;
        local = new SlotTree<T>(length, slots / ranks);
        across = exchange is null ? null : new SlotTree<T>(length, ranks);
        // A share is its subtree's root, its loss sum and the stop flag.
        int bytes = exchange is null ? 0 : length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() + 2 * sizeof(double);
        (mine, all) = (new byte[bytes], new byte[bytes * ranks]);
    }

    /// <summary>
    /// Writes ∂J/∂θ of the [count × inputs] batch <paramref name="x"/> (targets <paramref name="y"/>, weights
    /// <paramref name="w"/> or empty) into <paramref name="gradient"/> and returns J (NaN without <paramref name="withCost"/>).
    /// <paramref name="stop"/> is this process's wish to stop; <paramref name="stopAll"/> is true when any process's was
    /// (every process then sees it at the same step).
    /// </summary>
    public double Run(ReadOnlySpan<T> theta, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, int count, Span<T> gradient, bool withCost,
        DropoutDraw? dropout, bool stop, out bool stopAll)
    {
        int inputs = architecture.Inputs, outputs = architecture.Outputs, share = slots / ranks;
        double total = SampleWeights.Total(w, count);
        local.Clear();
        if (narrow is null) layered.Run(local, theta, x, y, w, count, slots, rank * share, (rank + 1) * share, total, withCost, dropout);
        else
        {
            for (int s = rank * share; s < (rank + 1) * share; s++)
            {
                int lo = SlotBackpropagation<T>.FirstRow(s, count, slots), rows = SlotBackpropagation<T>.FirstRow(s + 1, count, slots) - lo;
                var leaf = local.Leaf;
                double loss = 0;
                if (rows == 0) leaf.Clear();
                else
                {
                    var xs = x.Slice(lo * inputs, rows * inputs);
                    var ys = y.Slice(lo * outputs, rows * outputs);
                    var ws = w.IsEmpty ? default : w.Slice(lo, rows);
                    loss = narrow.RunSlot(theta, xs, ys, rows, leaf, total, withCost, ws);
                }
                local.Push(loss);
            }
        }
        var (sum, data) = local.Root;
        stopAll = stop;
        if (exchange is not null) (sum, data, stopAll) = Exchange(sum.Span, data, stop);
        sum.Span.CopyTo(gradient);
        T decay = T.CreateTruncating(architecture.Lambda / count);
        if (decay != T.Zero)
        {
            foreach (var s in architecture.Layout.Slots)
            {
                var gW = gradient.Slice(s.WeightOffset, s.WeightCount);
                TensorPrimitives.MultiplyAdd(theta.Slice(s.WeightOffset, s.WeightCount), decay, gW, gW);
            }
        }
        return withCost ? Network.Penalised(architecture, theta, total == 0 ? 0 : data / total, count) : double.NaN;
    }

    // Gathers every process's subtree root and adds them in rank order as the top of the slot tree.
    private (ReadOnlyMemory<T> Sum, double Loss, bool Stop) Exchange(ReadOnlySpan<T> root, double loss, bool stop)
    {
        int vector = length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), bytes = mine.Length;
        MemoryMarshal.AsBytes(root).CopyTo(mine);
        BinaryPrimitives.WriteDoubleLittleEndian(mine.AsSpan(vector), loss);
        BinaryPrimitives.WriteDoubleLittleEndian(mine.AsSpan(vector + sizeof(double)), stop ? 1 : 0);
        exchange!.AllGather(mine, all);
        across!.Clear();
        bool any = false;
        for (int k = 0; k < ranks; k++)
        {
            var part = all.AsSpan(k * bytes, bytes);
            MemoryMarshal.Cast<byte, T>(part[..vector]).CopyTo(across.Leaf);
            any |= BinaryPrimitives.ReadDoubleLittleEndian(part[(vector + sizeof(double))..]) != 0;
            across.Push(BinaryPrimitives.ReadDoubleLittleEndian(part.Slice(vector, sizeof(double))));
        }
        var (sum, total) = across.Root;
        return (sum, total, any);
    }
}
