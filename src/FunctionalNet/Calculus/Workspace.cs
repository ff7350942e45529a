using System.Numerics;
using FunctionalNet.Model;

namespace FunctionalNet.Calculus;

/// <summary>
/// Every buffer one forward-and-backward evaluation needs, owned by whoever drives repeated evaluations (a training
/// loop, a minimizer) and reused across them, so a steady-state step allocates nothing. Not thread-safe: one
/// workspace per concurrent evaluation. The public pure functions build a fresh one per call.
/// </summary>
internal sealed class Workspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int widest;
    private T[] delta;
    private T[] product;
    private T[] deltaPrevious;

    /// <summary>A workspace for <paramref name="architecture"/>, sized for batches of up to <paramref name="rows"/> (grows on demand).</summary>
    public Workspace(Architecture architecture, int rows)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        // Deltas and δ·W products are [rows × units] of some layer, never of the input (whose δ is not needed).
        widest = architecture.Layout.Slots.Max(s => s.Outputs);
        Pass = ForwardPass<T>.Reserve(architecture, rows);
        delta = product = deltaPrevious = [];
        Reserve(rows);
    }

    /// <summary>The network this workspace serves.</summary>
    public Architecture Architecture { get; }

    /// <summary>The forward pass buffers, rerun in place.</summary>
    public ForwardPass<T> Pass { get; }

    /// <summary>∂ℓ/∂z of the layer being differentiated, [rows × widest layer].</summary>
    public Span<T> Delta(int rows, int units) => delta.AsSpan(0, rows * units);

    /// <summary>δ · W before the activation's derivative is applied.</summary>
    public Span<T> Product(int rows, int units) => product.AsSpan(0, rows * units);

    /// <summary>∂ℓ/∂z of the layer below.</summary>
    public Span<T> DeltaPrevious(int rows, int units) => deltaPrevious.AsSpan(0, rows * units);

    /// <summary>Swaps the current and previous delta buffers after a layer is done.</summary>
    public void Descend() => (delta, deltaPrevious) = (deltaPrevious, delta);

    /// <summary>Ensures room for batches of <paramref name="rows"/>.</summary>
    public void Reserve(int rows)
    {
        if (delta.Length >= rows * widest) return;
        delta = new T[rows * widest];
        product = new T[rows * widest];
        deltaPrevious = new T[rows * widest];
    }
}
