using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// Every buffer one forward-and-backward evaluation needs, owned by whoever drives repeated evaluations (a training
/// loop, a minimizer) and reused across them, so a steady-state step allocates nothing. Not thread-safe: one
/// workspace per concurrent evaluation. The public pure functions rent one per call (<see cref="Rent"/>).
/// </summary>
internal sealed class Workspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int widest;
    private T[] delta;
    private T[] product;
    private T[] deltaPrevious;
    private readonly bool pooled;

    /// <summary>
    /// A workspace for <paramref name="architecture"/>, sized for batches of up to <paramref name="rows"/> (grows on demand),
    /// whose products use up to <paramref name="parallelism"/>'s threads (default <see cref="Parallelism.Default"/>).
    /// </summary>
    public Workspace(Architecture architecture, int rows, Parallelism? parallelism = null)
        : this(architecture, rows, KernelCrew.For(parallelism ?? Parallelism.Default), pooled: false)
    {
    }

    // A workspace that serves a run's repeated evaluations brings helper threads of its own for their split products (unless
    // its parallelism already carries the run's crew); a rented one (one pure call) uses the pool's. The crew changes who
    // computes a share, never what it holds.

    private Workspace(Architecture architecture, int rows, Parallelism parallelism, bool pooled)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        this.pooled = pooled;
        // Deltas and δ·W products are [rows × units] of some layer, never of the input (whose δ is not needed).
        widest = architecture.Layout.Slots.Max(s => s.Outputs);
        Pass = pooled ? ForwardPass<T>.Rent(architecture, rows, parallelism) : ForwardPass<T>.Reserve(architecture, rows, parallelism);
        delta = product = deltaPrevious = [];
        Reserve(rows);
    }

    /// <summary>
    /// A workspace whose buffers are rented from the shared pool (<see cref="Pool"/>), for one pure call that gives them
    /// back with <see cref="Return"/> before it returns.
    /// </summary>
    public static Workspace<T> Rent(Architecture architecture, int rows, Parallelism parallelism) => new(architecture, rows, parallelism, pooled: true);

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
        if (delta.Length >= rows * widest && delta.Length > 0) return;
        if (pooled) ReturnBuffers();
        int size = Math.Max(rows, 1) * widest;
        delta = Pool.Allocate<T>(size, pooled);
        product = Pool.Allocate<T>(size, pooled);
        deltaPrevious = Pool.Allocate<T>(size, pooled);
    }

    private void ReturnBuffers()
    {
        Pool.Return(delta);
        Pool.Return(product);
        Pool.Return(deltaPrevious);
        delta = product = deltaPrevious = [];
    }
}
