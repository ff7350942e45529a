using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// The fused whole-network gradient of a narrow network (<see cref="NarrowNetwork.Qualifies"/>): blocks of
/// <see cref="NarrowNetwork.BlockRows"/> rows go forward through every layer, through the loss and back again while they
/// sit in L1, held unit-major ([units × rows], so a vector spans rows and every product is a broadcast FMA), and add
/// their weight-gradient terms to one vector accumulator per parameter. Same maths as <see cref="Backpropagation"/>,
/// different rounding (vectorised exp/log, per-lane partial sums).
/// </summary>
/// <remarks>
/// Deterministic by construction: within a chunk of blocks (<see cref="NarrowChunks{T}"/>), lane l of a parameter's
/// accumulator sums rows l, l + W, l + 2W, … in row order; the chunks, fixed by the row count alone, are added left to
/// right, and the lanes in the register's fixed order at the end. Large batches share their chunks among
/// <see cref="Parallelism.MaxThreads"/> threads (the run's crew, or one of its own), with the
/// same bits at every thread count. Owns its buffers (allocated by the run that owns it); not thread-safe.
/// </remarks>
internal sealed class NarrowGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly NarrowChunks<T> chunks;
    private readonly NarrowRows<T> scratch, whole;
    private Batch<T>? laidOut;

    /// <summary>
    /// Buffers for <paramref name="architecture"/>, which must qualify (<see cref="NarrowNetwork.Qualifies"/>), on up to
    /// <paramref name="parallelism"/>'s threads (one by default) from <paramref name="parallelRows"/> rows.
    /// </summary>
    public NarrowGradient(Architecture architecture, Parallelism parallelism = default, int parallelRows = NarrowNetwork.ParallelRows)
    {
        if (!NarrowNetwork.Qualifies(architecture))
            throw new ArgumentException($"the network {architecture.Shape} is not one the fused kernel computes", nameof(architecture));
        Architecture = architecture;
        chunks = new NarrowChunks<T>(architecture, KernelCrew.For(parallelism), parallelRows);
        scratch = new NarrowRows<T>(architecture);
        whole = new NarrowRows<T>(architecture);
    }

    /// <summary>The network this kernel serves.</summary>
    public Architecture Architecture { get; }

    /// <summary>
    /// Writes ∂J/∂θ into <paramref name="gradient"/> and returns J (NaN without <paramref name="withCost"/>), for the
    /// [rows × inputs] features and [rows × outputs] targets, weighted by <paramref name="weights"/> (one per row, or empty).
    /// </summary>
    public double Run(ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int rows, Span<T> gradient, bool withCost = true,
        ReadOnlySpan<T> weights = default)
    {
        scratch.Fill(x, y, weights, rows);
        return Run(parameters, scratch, gradient, withCost);
    }

    /// <summary>
    /// <see cref="Run(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int, Span{T}, bool, ReadOnlySpan{T})"/> for a whole
    /// batch, laid out once and reused while the same (immutable) batch comes back, as in full-batch training.
    /// </summary>
    public double Run(ReadOnlySpan<T> parameters, Batch<T> batch, Span<T> gradient, bool withCost = true)
    {
        if (!ReferenceEquals(batch, laidOut))
        {
            whole.Fill(batch.Features.Span, batch.Targets.Span, batch.WeightSpan, batch.Count);
            laidOut = batch;
        }
        return Run(parameters, whole, gradient, withCost);
    }

    /// <summary>
    /// One slot of a batch whose Σw (or m) is <paramref name="total"/>: writes Σ over the slot's rows of wᵢ/Σw·∂ℓᵢ/∂θ into
    /// <paramref name="gradient"/> (no L2 term) and returns the slot's (weighted) loss sum, or NaN without <paramref name="withCost"/>.
    /// </summary>
    public double RunSlot(ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int rows, Span<T> gradient, double total, bool withCost,
        ReadOnlySpan<T> weights)
    {
        scratch.Fill(x, y, weights, rows, total);
        double data = Accumulate(parameters, scratch, gradient, withCost);
        return withCost ? data : double.NaN;
    }

    // Σ over the rows' blocks of their gradient terms into gradient; returns their (weighted) loss sum.
    private double Accumulate(ReadOnlySpan<T> parameters, NarrowRows<T> rows, Span<T> gradient, bool withCost) =>
        chunks.Accumulate(parameters, rows, gradient, withCost);

    private double Run(ReadOnlySpan<T> parameters, NarrowRows<T> rows, Span<T> gradient, bool withCost)
    {
        var architecture = Architecture;
        double data = Accumulate(parameters, rows, gradient, withCost);

        int m = rows.Rows;
        T decay = T.CreateTruncating(architecture.Lambda / m);
        if (decay != T.Zero)
        {
            foreach (var s in architecture.Layout.Slots)
            {
                var gW = gradient.Slice(s.WeightOffset, s.WeightCount);
                TensorPrimitives.MultiplyAdd(parameters.Slice(s.WeightOffset, s.WeightCount), decay, gW, gW);
            }
        }
        if (!withCost) return double.NaN;
        double cost = rows.Total == 0 ? 0 : data / rows.Total;
        return architecture.Lambda != 0 ? cost + architecture.Lambda / (2.0 * m) * Network.SumOfSquaredWeights(architecture.Layout, parameters) : cost;
    }
}
