using System.Numerics;
using System.Numerics.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// The normalisation of a weighted cost, Σ wᵢ ℓᵢ / Σ wᵢ, shared by the cost, the gradient and the R-operator. Every
/// function takes the weights as a span that is empty when there are none, and then does exactly what the unweighted
/// code did (1/m), so an unweighted evaluation pays for nothing. With all-ones weights Σ wᵢ is m exactly and wᵢ·(1/m)
/// is 1/m exactly, so the results are the unweighted bits.
/// </summary>
internal static class SampleWeights
{
    /// <summary>Σ wᵢ in double, in row order; <paramref name="rows"/> when there are no weights.</summary>
    public static double Total<T>(ReadOnlySpan<T> weights, int rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weights.IsEmpty) return rows;
        double total = 0;
        foreach (var w in weights) total += double.CreateTruncating(w);
        return total;
    }

    /// <summary>
    /// Multiplies every row of <paramref name="deltas"/> ([rows × width]) by wᵣ/Σw, or every entry by 1/m without weights.
    /// A batch whose weights are all zero contributes nothing (0, not 0/0).
    /// </summary>
    public static void ScaleRows<T>(Span<T> deltas, ReadOnlySpan<T> weights, int rows, int width) where T : unmanaged, IFloatingPointIeee754<T> =>
        ScaleRows(deltas, weights, rows, width, Total(weights, rows));

    /// <summary>
    /// As <see cref="ScaleRows{T}(Span{T}, ReadOnlySpan{T}, int, int)"/> for rows that are part of a batch whose Σw (or m) is
    /// <paramref name="total"/>: a slot's deltas are scaled as the whole batch's would be.
    /// </summary>
    public static void ScaleRows<T>(Span<T> deltas, ReadOnlySpan<T> weights, int rows, int width, double total) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weights.IsEmpty)
        {
            TensorPrimitives.Multiply<T>(deltas, T.One / T.CreateTruncating(total), deltas);
            return;
        }
        T inverse = total == 0 ? T.Zero : T.One / T.CreateTruncating(total);
        for (int r = 0; r < rows; r++)
        {
            var row = deltas.Slice(r * width, width);
            TensorPrimitives.Multiply<T>(row, weights[r] * inverse, row);
        }
    }
}
