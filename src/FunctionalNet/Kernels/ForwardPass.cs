using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// Pre-activations z and activations a of every layer for one batch: what backpropagation and the R-operator
/// read. A pass made by <see cref="Run"/> belongs to that call; a pass held by a <see cref="Workspace{T}"/> is
/// rerun in place batch after batch and only grows its buffers when a batch is larger than any before.
/// </summary>
internal sealed class ForwardPass<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Architecture architecture;
    private readonly int[] units;
    private T[][] z;
    private T[][] a;
    // Dropout's keep-and-scale masks d_k and the dropped activations a_k ⊙ d_k of the hidden layers, allocated on the
    // first run with dropout; `dropping` marks the layers the last run dropped, so passes without dropout read A as ever.
    private T[][] masks = [];
    private T[][] dropped = [];
    private bool[] dropping = [];
    // A softmax output's row maxima and Σ e^{z − max} of the last run, kept for the cross-entropy cost (SoftmaxRows).
    private T[] rowMax = [];
    private T[] rowSum = [];
    private readonly bool keepsSoftmaxRows;
    private int capacity;
    private readonly bool pooled;

    private ForwardPass(Architecture architecture, int rows, Parallelism parallelism, bool pooled = false)
    {
        this.architecture = architecture;
        this.pooled = pooled;
        Parallelism = parallelism;
        units = architecture.Layout.Slots.Select(s => s.Outputs).ToArray();
        keepsSoftmaxRows = architecture.Output.Activation is Softmax;
        z = [];
        a = [];
        Grow(rows);
    }

    /// <summary>The thread budget of this pass's products (and of every product run on buffers that share it).</summary>
    public Parallelism Parallelism { get; }

    /// <summary>Batch size m of the last run.</summary>
    public int Rows { get; private set; }

    /// <summary>Counts the runs, so that values derived from one run (a Hessian workspace's deltas) can tell it is still current.</summary>
    public long Version { get; private set; }

    /// <summary>The batch input packed once for the first layer's products (a minimizer session's, which reruns on one X), or null.</summary>
    public PackedInput<T>? PackedInput { get; set; }

    /// <summary>Layer k's input packed as A of input·Wᵀ when it is <see cref="PackedInput"/>'s X, else empty (packed per product).</summary>
    public GemmPanels<T> InputRows(int k, ReadOnlySpan<T> x) => k == 0 && PackedInput is { } p && p.Holds(x) ? p.AsRows : default;

    /// <summary>Layer k's input packed as B of δᵀ·input when it is <see cref="PackedInput"/>'s X, else empty.</summary>
    public GemmPanels<T> InputColumns(int k, ReadOnlySpan<T> x) => k == 0 && PackedInput is { } p && p.Holds(x) ? p.AsColumns : default;

    /// <summary>Z[k] = A[k−1] · W_kᵀ + b_k, [m × units_k].</summary>
    public LayerBuffers<T> Z => new(z, units, Rows);

    /// <summary>A[k] = f_k(Z[k]), [m × units_k]; the last is the network's output.</summary>
    public LayerBuffers<T> A => new(a, units, Rows);

    /// <summary>The network's output activations, [m × outputs].</summary>
    public Span<T> Output => A[units.Length - 1];

    /// <summary>Whether the output is a softmax whose row maxima and sums each run keeps (<see cref="SoftmaxMax"/>, <see cref="SoftmaxSum"/>).</summary>
    public bool KeepsSoftmaxRows => keepsSoftmaxRows;

    /// <summary>The softmax output's row maxima of rows [<paramref name="at"/>, <paramref name="at"/> + <paramref name="rows"/>) of the last run.</summary>
    public ReadOnlySpan<T> SoftmaxMax(int at, int rows) => rowMax.AsSpan(at, rows);

    /// <summary>The softmax output's Σ e^{z − max} of rows [<paramref name="at"/>, <paramref name="at"/> + <paramref name="rows"/>) of the last run (<see cref="RowSoftmax.Forward{T}"/>).</summary>
    public ReadOnlySpan<T> SoftmaxSum(int at, int rows) => rowSum.AsSpan(at, rows);

    /// <summary>Runs the network on <paramref name="x"/> ([m × inputs], row-major) into new buffers.</summary>
    public static ForwardPass<T> Run(Architecture architecture, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, int rows, Parallelism parallelism)
    {
        var pass = new ForwardPass<T>(architecture, rows, parallelism);
        pass.Rerun(parameters, x, rows);
        return pass;
    }

    /// <summary>An empty pass for <paramref name="architecture"/>, sized for batches of <paramref name="rows"/>.</summary>
    public static ForwardPass<T> Reserve(Architecture architecture, int rows, Parallelism parallelism) => new(architecture, rows, parallelism);

    /// <summary>
    /// An empty pass whose buffers are rented from the shared array pool, for one call that must hand them back with
    /// <see cref="Return"/> (the buffers hold stale values until a run overwrites them, which every run does in full).
    /// </summary>
    public static ForwardPass<T> Rent(Architecture architecture, int rows, Parallelism parallelism) => new(architecture, rows, parallelism, pooled: true);

    /// <summary>Gives a rented pass's buffers back to the pool; the pass must not be used afterwards.</summary>
    public void Return()
    {
        if (!pooled) return;
        Pool.Return(z);
        Pool.Return(a);
        Pool.Return(masks);
        Pool.Return(dropped);
        ReturnSoftmaxRows();
        z = a = masks = dropped = [];
        dropping = [];
        capacity = 0;
    }

    /// <summary>
    /// Runs the network again on a new batch, reusing this pass's buffers; with <paramref name="dropout"/> the hidden
    /// layers it names feed the next layer a ⊙ d (A keeps the undropped activations, which the derivatives need).
    /// </summary>
    public void Rerun(ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, int rows, DropoutDraw? dropout = null)
    {
        if (rows > capacity) Grow(rows);
        Rows = rows;
        Version++;
        var slots = architecture.Layout.Slots;
        if (dropping.Length > 0) Array.Clear(dropping);
        for (int k = 0; k < slots.Length; k++)
        {
            var s = slots[k];
            ReadOnlySpan<T> input = InputTo(k, x);
            bool output = k == slots.Length - 1 && keepsSoftmaxRows;
            FusedKernels.Forward(architecture.Layers[k].Activation, input, parameters.Slice(s.WeightOffset, s.WeightCount),
                parameters.Slice(s.BiasOffset, s.Outputs), Z[k], A[k], rows, s.Inputs, Parallelism, InputRows(k, input),
                output ? rowMax.AsSpan(0, rows) : default, output ? rowSum.AsSpan(0, rows) : default);
            if (dropout is { } d && k < slots.Length - 1 && d.Rates[k] > 0) Drop(d, k);
        }
    }

    /// <summary>The input to layer k: X for the first layer, A[k−1] otherwise (a ⊙ d when the last run dropped layer k−1).</summary>
    public ReadOnlySpan<T> InputTo(int k, ReadOnlySpan<T> x) => k == 0 ? x : dropping.Length > 0 && dropping[k - 1] ? Dropped(k - 1) : A[k - 1];

    /// <summary>Hidden layer k's dropout mask of the last run (0 or 1/(1 − p) per unit), or empty when it was not dropped.</summary>
    public ReadOnlySpan<T> Mask(int k) => dropping.Length > 0 && dropping[k] ? masks[k].AsSpan(0, Rows * units[k]) : default;

    private Span<T> Dropped(int k) => dropped[k].AsSpan(0, Rows * units[k]);

    private void Drop(DropoutDraw dropout, int k)
    {
        if (dropping.Length == 0)
        {
            dropping = new bool[units.Length];
            masks = units.Select(u => Pool.Allocate<T>(capacity * u, pooled)).ToArray();
            dropped = units.Select(u => Pool.Allocate<T>(capacity * u, pooled)).ToArray();
        }
        var mask = masks[k].AsSpan(0, Rows * units[k]);
        dropout.Fill(k, mask, units[k]);
        System.Numerics.Tensors.TensorPrimitives.Multiply<T>(A[k], mask, Dropped(k));
        dropping[k] = true;
    }

    private void ReturnSoftmaxRows()
    {
        if (rowSum.Length == 0) return;
        Pool.Return(rowMax);
        Pool.Return(rowSum);
        rowMax = rowSum = [];
    }

    private void Grow(int rows)
    {
        if (pooled)
        {
            Pool.Return(z);
            Pool.Return(a);
            Pool.Return(masks);
            Pool.Return(dropped);
            ReturnSoftmaxRows();
        }
        capacity = rows;
        if (keepsSoftmaxRows) (rowMax, rowSum) = (Pool.Allocate<T>(rows, pooled), Pool.Allocate<T>(rows, pooled));
        z = units.Select(u => Pool.Allocate<T>(rows * u, pooled)).ToArray();
        a = units.Select(u => Pool.Allocate<T>(rows * u, pooled)).ToArray();
        // Dropout buffers are made again, at the new size, by the next run that drops.
        masks = dropped = [];
        dropping = [];
    }
}
