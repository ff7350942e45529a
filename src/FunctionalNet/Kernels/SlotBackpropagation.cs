using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Tensors;

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
    // The second leaf of a pair of slots formed at once (LeafPair).
    private T[] spare = [];

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
        var slice = new Slots(xs, y.Slice(lo * outputs, rows * outputs), ws, count, slots, first, lo, withCost);
        bool paired = end - first >= 2 && workspace.Parallelism.MaxThreads > 1 && LeafWork(rows / (end - first)) >= GemmBlocked.MinWorkPerThread;
        for (int s = first; s < end; s++)
        {
            // A pair whose helper the run's crew has timed slower than the caller alone is formed leaf by leaf (the same bits).
            if (paired && s + 1 < end && (workspace.Parallelism.Crew?.TakesPart() ?? true)) LeafPair(tree, slice, s++);
            else tree.Push(FormLeaf(slice, s, tree.Leaf, workspace.Parallelism));
        }
    }

    // The rows of a run of slots the leaves read, as spans or (for a pool thread, which cannot hold a span) pointers.
    private readonly ref struct Slots(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, int count, int slots, int first, int lo, bool withCost)
    {
        public readonly ReadOnlySpan<T> X = x, Y = y, W = w;
        public readonly int Count = count, SlotCount = slots, First = first, Lo = lo;
        public readonly bool WithCost = withCost;
    }

    // Slot s's leaf into `leaf` (its weight gradients, bias sums) and its loss sum (NaN without the cost; 0 for a slot without rows).
    private double FormLeaf(in Slots run, int s, Span<T> leaf, Parallelism parallelism)
    {
        int outputs = workspace.Architecture.Outputs;
        int at = FirstRow(s, run.Count, run.SlotCount) - run.Lo, n = FirstRow(s + 1, run.Count, run.SlotCount) - run.Lo - at;
        if (n == 0)
        {
            leaf.Clear();
            return 0;
        }
        double loss = run.WithCost ? LossSum(run.Y.Slice(at * outputs, n * outputs), run.W.IsEmpty ? default : run.W.Slice(at, n), at, n) : double.NaN;
        Leaf(run.X, at, n, s - run.First, leaf, parallelism);
        return loss;
    }

    // Multiply-adds of one slot's leaf of `rows` rows: its weight gradients.
    private long LeafWork(int rows) => (long)rows * workspace.Architecture.Layout.Slots.Sum(s => (long)s.WeightCount);

    // Slots s and s + 1 at once: the caller forms s's leaf in the tree's buffer while a pool thread forms s + 1's in a spare
    // one (or the caller does, when no thread has claimed it by then: it never waits for a thread that has not started).
    // Both are pushed in slot order, so the tree adds the same leaves in the same places: the same bits at any thread count.
    private unsafe void LeafPair(SlotTree<T> tree, in Slots run, int s)
    {
        if (spare.Length < tree.Leaf.Length) spare = new T[tree.Leaf.Length];
        var one = new Parallelism(1);
        fixed (T* px = run.X, py = run.Y, pw = run.W)
        {
            var job = new PairedLeaf(this, px, run.X.Length, py, run.Y.Length, pw, run.W.Length, run, s + 1, spare.AsMemory(0, tree.Leaf.Length));
            KernelCrew.Offer(workspace.Parallelism, job, helpers: 1);
            double loss;
            bool mine = false;
            try
            {
                loss = FormLeaf(run, s, tree.Leaf, one);
            }
            finally
            {
                // The rows stay pinned until a helper that claimed the other leaf is done with them.
                mine = job.TryClaim();
                if (!mine) job.Await();
            }
            if (mine) job.Form();
            job.Await();
            workspace.Parallelism.Crew?.Done(job);
            tree.Push(loss);
            spare.AsSpan(0, tree.Leaf.Length).CopyTo(tree.Leaf);
            tree.Push(job.Loss);
        }
    }

    // One slot's leaf for whichever thread claims it first; the caller keeps the rows pinned until it is formed.
    private sealed unsafe class PairedLeaf(SlotBackpropagation<T> owner, T* x, int xLength, T* y, int yLength, T* w, int wLength, in Slots run, int slot,
        Memory<T> leaf) : IThreadPoolWorkItem, ICrewJob
    {
        private readonly int count = run.Count, slots = run.SlotCount, first = run.First, lo = run.Lo;
        private readonly bool withCost = run.WithCost;
        private int claimed, done;
        private System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure;

        public double Loss { get; private set; }

        public void Execute() => Help();

        public void Help()
        {
            if (TryClaim()) Form();
        }

        public bool TryClaim() => Interlocked.Exchange(ref claimed, 1) == 0;

        public void Form()
        {
            try
            {
                var run = new Slots(new ReadOnlySpan<T>(x, xLength), new ReadOnlySpan<T>(y, yLength), new ReadOnlySpan<T>(w, wLength), count, slots, first, lo, withCost);
                Loss = owner.FormLeaf(run, slot, leaf.Span, new Parallelism(1));
            }
            catch (Exception e)
            {
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
            Volatile.Write(ref done, 1);
        }

        // Waits for the thread that claimed it and rethrows what it threw.
        public void Await()
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref done) == 0) spin.SpinOnce(sleep1Threshold: -1);
            failure?.Throw();
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
    private void Leaf(ReadOnlySpan<T> x, int at, int n, int part, Span<T> leaf, Parallelism parallelism)
    {
        var pass = workspace.Pass;
        var layers = workspace.Architecture.Layout.Slots;
        for (int k = layers.Length - 1; k >= 0; k--)
        {
            var s = layers[k];
            var dz = deltas[k].AsSpan(at * s.Outputs, n * s.Outputs);
            var input = pass.InputTo(k, x).Slice(at * s.Inputs, n * s.Inputs);
            Gemm.MultiplyTransposedA<T>(dz, input, leaf.Slice(s.WeightOffset, s.WeightCount), s.Outputs, n, s.Inputs, parallelism);
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
