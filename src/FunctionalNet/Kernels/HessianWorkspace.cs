using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// Every buffer one R-operator product H·v needs (<see cref="HessianVector"/>): the forward pass it differentiates,
/// the tangents R{z}, R{a} of every layer, the backward pass's δ (kept for further products at the same pass), R{δ}
/// and their scratch. Owned by whoever drives repeated products (a minimizer run's objective session) and reused across
/// them, so a steady-state product allocates nothing; a single pure product rents them instead (<see cref="Rent"/>).
/// Not thread-safe: one workspace per concurrent product.
/// </summary>
/// <remarks>
/// The forward pass may be shared with a gradient <see cref="Workspace{T}"/>: truncated Newton asks for products at
/// the point whose gradient it has just evaluated, so the owner can tell <see cref="HessianVector"/> that the pass is
/// already current and skip recomputing it.
/// </remarks>
internal sealed class HessianWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] units;
    private readonly int widest;
    private T[][] rz = [];
    private T[][] ra = [];
    private T[][] deltas = [];
    private T[][] errors = [];
    private T[] scratch = [], rdelta = [], rdeltaPrevious = [], re = [];
    private T[] derivative = [], secondDerivative = [];
    private long deltasVersion = -1;
    private int deltasRows;
    private readonly T[] weights;
    private readonly bool unfused;
    private readonly bool pooled;
    private int capacity;

    /// <summary>
    /// A workspace with a forward pass of its own, sized for batches of <paramref name="rows"/> (grows on demand), whose
    /// products use up to <paramref name="parallelism"/>'s threads (default <see cref="Parallelism.Default"/>).
    /// </summary>
    public HessianWorkspace(Architecture architecture, int rows, Parallelism? parallelism = null)
        : this(architecture, rows, ForwardPass<T>.Reserve(architecture, rows, parallelism ?? Parallelism.Default))
    {
    }

    /// <summary>
    /// A workspace that differentiates <paramref name="pass"/> (typically a gradient workspace's pass), on that pass's
    /// thread budget: one owner, one setting.
    /// </summary>
    public HessianWorkspace(Architecture architecture, int rows, ForwardPass<T> pass) : this(architecture, rows, pass, pooled: false)
    {
    }

    private HessianWorkspace(Architecture architecture, int rows, ForwardPass<T> pass, bool pooled)
    {
        this.pooled = pooled;
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(pass);
        Architecture = architecture;
        Pass = pass;
        var slots = architecture.Layout.Slots;
        units = slots.Select(s => s.Outputs).ToArray();
        // Every buffer below is [rows × units] of some layer (e, R{e} feed the layer below, never the input).
        widest = units.Max();
        weights = new T[slots.Max(s => s.WeightCount)];
        unfused = architecture.Layers.Any(l => !FusedTangentKernels.Fuses(l.Activation));
        Reserve(rows);
    }

    /// <summary>
    /// A workspace and forward pass whose large buffers are rented from the shared pool (<see cref="Pool"/>), for one
    /// pure call that gives them back with <see cref="Return"/> before it returns.
    /// </summary>
    public static HessianWorkspace<T> Rent(Architecture architecture, int rows, Parallelism parallelism) =>
        new(architecture, rows, ForwardPass<T>.Rent(architecture, rows, parallelism), pooled: true);

    /// <summary>Gives a rented workspace's buffers (and its pass's) back to the pool; it must not be used afterwards.</summary>
    public void Return()
    {
        if (!pooled) return;
        ReturnBuffers();
        Pass.Return();
    }

    /// <summary>The network this workspace serves.</summary>
    public Architecture Architecture { get; }

    /// <summary>The thread budget of every product run on this workspace (its pass's).</summary>
    public Parallelism Parallelism => Pass.Parallelism;

    /// <summary>The forward pass at θ the products are taken at.</summary>
    public ForwardPass<T> Pass { get; }

    /// <summary>R{z_k}, [rows × units_k] per layer.</summary>
    public LayerBuffers<T> Rz(int rows) => new(rz, units, rows);

    /// <summary>R{a_k}, [rows × units_k] per layer; the last is the output Jacobian times v.</summary>
    public LayerBuffers<T> Ra(int rows) => new(ra, units, rows);

    /// <summary>Scratch of one layer: the extra tangent term R{a_{k−1}}·W_kᵀ, or δ·V before it is added into R{e}.</summary>
    public Span<T> Scratch(int rows, int units) => scratch.AsSpan(0, rows * units);

    /// <summary>
    /// δ_k = ∂J/∂z_k of every layer, [rows × units_k]: they depend only on θ and the batch, not on v, so one
    /// computation serves every product at the same pass (see <see cref="DeltasAreCurrent"/>).
    /// </summary>
    public LayerBuffers<T> Deltas(int rows) => new(deltas, units, rows);

    /// <summary>e = δ_{k+1}·W_{k+1} = ∂J/∂a_k, stored at layer k, [rows × units_k] (the last layer's is unused).</summary>
    public LayerBuffers<T> Errors(int rows) => new(errors, units, rows);

    /// <summary>True when <see cref="Deltas"/> and <see cref="Errors"/> were computed from the pass as it is now.</summary>
    public bool DeltasAreCurrent => deltasVersion == Pass.Version && deltasRows == Pass.Rows;

    /// <summary>Records that <see cref="Deltas"/> and <see cref="Errors"/> now belong to the current pass.</summary>
    public void MarkDeltasCurrent()
    {
        deltasVersion = Pass.Version;
        deltasRows = Pass.Rows;
    }

    /// <summary>R{δ} of the layer being differentiated.</summary>
    public Span<T> RDelta(int rows, int units) => rdelta.AsSpan(0, rows * units);

    /// <summary>R{δ} of the layer below.</summary>
    public Span<T> RDeltaPrevious(int rows, int units) => rdeltaPrevious.AsSpan(0, rows * units);

    /// <summary>R{e} = R{δ}·W + δ·V.</summary>
    public Span<T> RE(int rows, int units) => re.AsSpan(0, rows * units);

    /// <summary>f′ of one layer, for activations without a fused tangent kernel (empty when every layer has one).</summary>
    public Span<T> Derivative(int rows, int units) => unfused ? derivative.AsSpan(0, rows * units) : default;

    /// <summary>f″ of one layer, as <see cref="Derivative"/>.</summary>
    public Span<T> SecondDerivative(int rows, int units) => unfused ? secondDerivative.AsSpan(0, rows * units) : default;

    /// <summary>δᵀ·R{a} of one layer before it is added into the weight block of H·v.</summary>
    public Span<T> Weights(int count) => weights.AsSpan(0, count);

    /// <summary>Swaps the current and previous R{δ} after a layer is done.</summary>
    public void Descend() => (rdelta, rdeltaPrevious) = (rdeltaPrevious, rdelta);

    /// <summary>Ensures room for batches of <paramref name="rows"/> (the forward pass grows itself when rerun).</summary>
    public void Reserve(int rows)
    {
        if (rows <= capacity && capacity > 0) return;
        if (pooled) ReturnBuffers();
        capacity = Math.Max(rows, 1);
        rz = units.Select(u => Allocate(capacity * u)).ToArray();
        ra = units.Select(u => Allocate(capacity * u)).ToArray();
        deltas = units.Select(u => Allocate(capacity * u)).ToArray();
        errors = units.Select((u, k) => k == units.Length - 1 ? [] : Allocate(capacity * u)).ToArray();
        deltasVersion = -1; // new buffers hold no deltas
        int size = capacity * widest;
        scratch = Allocate(size);
        rdelta = Allocate(size);
        rdeltaPrevious = Allocate(size);
        re = Allocate(size);
        if (!unfused) return;
        derivative = Allocate(size);
        secondDerivative = Allocate(size);
    }

    private T[] Allocate(int length) => Pool.Allocate<T>(length, pooled);

    private void ReturnBuffers()
    {
        Pool.Return(rz);
        Pool.Return(ra);
        Pool.Return(deltas);
        Pool.Return(errors);
        foreach (var buffer in new[] { scratch, rdelta, rdeltaPrevious, re, derivative, secondDerivative }) Pool.Return(buffer);
        rz = ra = deltas = errors = [];
        scratch = rdelta = rdeltaPrevious = re = derivative = secondDerivative = [];
        capacity = 0;
        deltasVersion = -1;
    }
}
