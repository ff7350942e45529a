using System.Numerics;
using FunctionalNet.Calculus;

namespace FunctionalNet.Kernels;

/// <summary>
/// The layered route of <see cref="SlotGradient{T}"/>: one forward pass and one δ recursion over all the rows of a run of
/// slots, then each slot's leaf — its weight gradients X_sᵀ·δ_s, bias sums and loss sum over its own rows — from its rows of
/// those buffers. Every product and elementwise step forms a row's values from that row alone (<see cref="Gemm"/>), so a
/// row's activations and δ have the bits a pass over its slot alone gives, and each leaf is made by the same calls on the
/// same values as one slot's own <see cref="Backpropagation.Backward"/>: the same bits, with the forward and δ products run once on all
/// the rows instead of once per slot on a fraction of them. Owns its δ buffers; not thread-safe.
/// </summary>
internal sealed class SlotBackpropagation<T>(Workspace<T> workspace) where T : unmanaged, IFloatingPointIeee754<T>
{
    // δ of every layer over all the rows: each slot's weight gradients read their rows of all of them after the recursion.
    private T[][] deltas = [];
    private int capacity;
    // Each slot's bias gradient of the ReLU hidden layers, formed with their δ ([slot × units] per layer; `summed` marks
    // the layers that have them), and the slots' first rows within the run.
    private T[][] sums = [];
    private bool[] summed = [];
    private int[] bounds = [];

    /// <summary>The first row of slot <paramref name="slot"/> of <paramref name="slots"/> in a batch of <paramref name="count"/> rows.</summary>
    public static int FirstRow(int slot, int count, int slots) => (int)((long)slot * count / slots);

    /// <summary>
    /// Pushes onto <paramref name="tree"/> the leaves of slots [<paramref name="first"/>, <paramref name="end"/>) of
    /// <paramref name="slots"/> over the [count × inputs] batch <paramref name="x"/> (targets <paramref name="y"/>, weights
    /// <paramref name="w"/> or empty), each Σ over the slot's rows of wᵢ/<paramref name="total"/>·∂ℓᵢ/∂θ (no L2 term) with its
    /// loss sum (NaN without <paramref name="withCost"/>; 0 for a slot without rows), dropout drawn for the rows' places in the batch.
    /// </summary>
    public void Run(SlotTree<T> tree, ReadOnlySpan<T> theta, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, int count, int slots,
        int first, int end, double total, bool withCost, DropoutDraw? dropout)
    {
        var architecture = workspace.Architecture;
        int inputs = architecture.Inputs, outputs = architecture.Outputs;
        int lo = FirstRow(first, count, slots), rows = FirstRow(end, count, slots) - lo;
        var xs = x.Slice(lo * inputs, rows * inputs);
        var ws = w.IsEmpty ? default : w.Slice(lo, rows);
        if (bounds.Length < end - first + 1) bounds = new int[end - first + 1];
        for (int s = first; s <= end; s++) bounds[s - first] = FirstRow(s, count, slots) - lo;
        if (rows > 0)
            Differentiate(theta, xs, y.Slice(lo * outputs, rows * outputs), ws, rows, total, dropout is { } d ? d with { FirstRow = lo } : null, bounds.AsSpan(0, end - first + 1));
        for (int s = first; s < end; s++)
        {
            int at = FirstRow(s, count, slots) - lo, n = FirstRow(s + 1, count, slots) - lo - at;
            var leaf = tree.Leaf;
            double loss = 0;
            if (n == 0) leaf.Clear();
            else
            {
                loss = withCost ? LossSum(y.Slice((lo + at) * outputs, n * outputs), ws.IsEmpty ? default : ws.Slice(at, n), at, n) : double.NaN;
                Leaf(xs, at, n, s - first, leaf);
            }
            tree.Push(loss);
        }
    }

    // The forward pass and every layer's δ (output deltas scaled by wᵢ/total) over all the rows.
    private void Differentiate(ReadOnlySpan<T> theta, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, int rows, double total, DropoutDraw? dropout,
        ReadOnlySpan<int> parts)
    {
        int last = workspace.Architecture.Layout.Slots.Length - 1;
        if (rows > capacity) Grow(rows);
        workspace.Reserve(rows);
        workspace.Pass.Rerun(theta, x, rows, dropout);

        var dz = Delta(last, rows);
        Backpropagation.OutputDelta(workspace, y, w, rows, total, dz);
        for (int k = last; k > 0; k--)
        {
            // Below a ReLU layer each slot's bias gradient is summed over its own rows in the δ sweep.
            int units = workspace.Architecture.Layout.Slots[k - 1].Outputs, length = (parts.Length - 1) * units;
            if (sums[k - 1].Length < length) sums[k - 1] = new T[length];
            summed[k - 1] = Backpropagation.DeltaBelow(workspace, theta, k, dz, Delta(k - 1, rows), rows, sums[k - 1].AsSpan(0, length), parts);
            dz = Delta(k - 1, rows);
        }
    }

    // One slot's weight gradients and bias sums, rows [at, at + n) of the pass and the deltas (slot `part` of the run): Backpropagation.Backward's calls.
    private void Leaf(ReadOnlySpan<T> x, int at, int n, int part, Span<T> leaf)
    {
        var pass = workspace.Pass;
        var layers = workspace.Architecture.Layout.Slots;
        for (int k = layers.Length - 1; k >= 0; k--)
        {
            var s = layers[k];
            var dz = deltas[k].AsSpan(at * s.Outputs, n * s.Outputs);
            var input = pass.InputTo(k, x).Slice(at * s.Inputs, n * s.Inputs);
            Gemm.MultiplyTransposedA<T>(dz, input, leaf.Slice(s.WeightOffset, s.WeightCount), s.Outputs, n, s.Inputs, workspace.Parallelism);
            if (summed[k]) sums[k].AsSpan(part * s.Outputs, s.Outputs).CopyTo(leaf.Slice(s.BiasOffset, s.Outputs));
            else Gemm.SumRows<T>(dz, leaf.Slice(s.BiasOffset, s.Outputs));
        }
    }

    // The (weighted) loss sum of rows [at, at + n) of the pass.
    private double LossSum(ReadOnlySpan<T> y, ReadOnlySpan<T> w, int at, int n) => PassLoss.Sum(workspace.Architecture, workspace.Pass, y, w, at, n);

    private Span<T> Delta(int k, int rows) => deltas[k].AsSpan(0, rows * workspace.Architecture.Layout.Slots[k].Outputs);

    private void Grow(int rows)
    {
        capacity = rows;
        deltas = [.. workspace.Architecture.Layout.Slots.Select(s => new T[rows * s.Outputs])];
        if (sums.Length == 0) (sums, summed) = ([.. deltas.Select(_ => Array.Empty<T>())], new bool[deltas.Length]);
    }
}
