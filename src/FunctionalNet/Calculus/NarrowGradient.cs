using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Calculus;

/// <summary>
/// The fused whole-network gradient of a narrow network (<see cref="NarrowNetwork.Qualifies"/>): blocks of
/// <see cref="NarrowNetwork.BlockRows"/> rows go forward through every layer, through the loss and back again while they
/// sit in L1, held unit-major ([units × rows], so a vector spans rows and every product is a broadcast FMA), and add
/// their weight-gradient terms to one vector accumulator per parameter. Same maths as <see cref="Backpropagation"/>,
/// different rounding (vectorised exp/log, per-lane partial sums).
/// </summary>
/// <remarks>
/// Deterministic by construction: lane l of a parameter's accumulator sums rows l, l + W, l + 2W, … in row order, and the
/// lanes are added in the register's fixed order at the end; no thread takes part, so the bits are the same at every
/// thread budget. Owns its buffers (allocated once by the run that owns it, sized by the network, not the batch); not
/// thread-safe.
/// </remarks>
internal sealed class NarrowGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int B = NarrowNetwork.BlockRows;
    private readonly NarrowBlock<T> block;

    /// <summary>Buffers for <paramref name="architecture"/>, which must qualify (<see cref="NarrowNetwork.Qualifies"/>).</summary>
    public NarrowGradient(Architecture architecture)
    {
        if (!NarrowNetwork.Qualifies(architecture))
            throw new ArgumentException($"the network {architecture.Shape} is not one the fused kernel computes", nameof(architecture));
        Architecture = architecture;
        block = new NarrowBlock<T>(architecture, Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector256<T>.Count);
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
        var architecture = Architecture;
        double total = SampleWeights.Total(weights, rows);
        // wᵣ · (1/Σw), as SampleWeights.ScaleRows scales the output delta; 1/m exactly without weights.
        T inverse = total == 0 ? T.Zero : T.One / T.CreateTruncating(total);
        block.Clear();
        double data = 0;
        for (int r0 = 0; r0 < rows; r0 += B)
        {
            int count = Math.Min(B, rows - r0);
            block.Load(x.Slice(r0 * architecture.Inputs, count * architecture.Inputs), y.Slice(r0 * architecture.Outputs, count * architecture.Outputs),
                weights.IsEmpty ? weights : weights.Slice(r0, count), count, inverse);
            data += Vector512.IsHardwareAccelerated
                ? block.Run<Vector512<T>, RowLanes512<T>>(parameters, withCost)
                : block.Run<Vector256<T>, RowLanes256<T>>(parameters, withCost);
        }
        block.Reduce(gradient);

        T decay = T.CreateTruncating(architecture.Lambda / rows);
        if (decay != T.Zero)
        {
            foreach (var s in architecture.Layout.Slots)
            {
                var gW = gradient.Slice(s.WeightOffset, s.WeightCount);
                TensorPrimitives.MultiplyAdd(parameters.Slice(s.WeightOffset, s.WeightCount), decay, gW, gW);
            }
        }
        if (!withCost) return double.NaN;
        double cost = total == 0 ? 0 : data / total;
        return architecture.Lambda != 0 ? cost + architecture.Lambda / (2.0 * rows) * Network.SumOfSquaredWeights(architecture.Layout, parameters) : cost;
    }
}
