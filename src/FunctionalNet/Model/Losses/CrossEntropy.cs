using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Model.Losses;

/// <summary>
/// Categorical cross-entropy on softmax outputs, from the logits: ℓ(z, y) = Σ_k y_k (logΣexp(z) − z_k).
/// Its gradient with respect to z is a·Σ_k y_k − y (a − y for one-hot targets).
/// </summary>
public sealed record CrossEntropy : Loss
{
    /// <inheritdoc/>
    public override string Name => "ce";

    /// <inheritdoc/>
    public override string PairingRule => "categorical cross-entropy needs a softmax output";

    /// <inheritdoc/>
    public override bool Pairs(Activation output) => output is Softmax;

    /// <inheritdoc/>
    public override double Sum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width) =>
        Accumulate(z, y, width, default);

    /// <inheritdoc/>
    public override double WeightedSum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width, ReadOnlySpan<T> weights) =>
        Accumulate(z, y, width, weights);

    /// <summary>
    /// <see cref="WeightedSum{T}"/> (<see cref="Sum{T}"/> for empty <paramref name="weights"/>) from the row maxima and
    /// sums of e^{z − max} that the softmax's forward pass kept (<see cref="RowSoftmax.Forward{T}"/>): the same bits,
    /// without forming the exponentials again.
    /// </summary>
    internal static double SumFromSoftmax<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> rowMax, ReadOnlySpan<T> rowSum, ReadOnlySpan<T> y, int width,
        ReadOnlySpan<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T> => Accumulate(z, y, width, weights, rowMax, rowSum);

    // Without weights each term is added as it is; with them it is multiplied by its row's weight first (1·t = t exactly).
    // The log-sum-exps come a chunk of rows at a time, from vectorised exponentials and logarithms (or the kept sums).
    private static double Accumulate<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, int width, ReadOnlySpan<T> weights,
        ReadOnlySpan<T> rowMax = default, ReadOnlySpan<T> rowSum = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int chunk = 256;
        int rows = z.Length / width;
        Span<T> lse = stackalloc T[chunk];
        double sum = 0;
        for (int r0 = 0; r0 < rows; r0 += chunk)
        {
            int count = Math.Min(chunk, rows - r0);
            if (rowSum.IsEmpty) RowSoftmax.LogSumExp(z.Slice(r0 * width, count * width), width, lse);
            else RowSoftmax.LogSumExpOf(rowMax.Slice(r0, count), rowSum.Slice(r0, count), width, lse);
            for (int i = 0; i < count; i++)
            {
                int r = (r0 + i) * width;
                double logSumExp = double.CreateTruncating(lse[i]);
                T weight = weights.IsEmpty ? T.One : weights[r0 + i];
                if (NonZeroTargets.TryMask(y, r, width, out ulong nonZero))
                {
                    // The same terms in the same order as the loop below: a zero target's term is skipped there too.
                    for (; nonZero != 0; nonZero &= nonZero - 1)
                    {
                        int k = BitOperations.TrailingZeroCount(nonZero);
                        sum = Add(sum, y[r + k], z[r + k], logSumExp, weight, weights.IsEmpty);
                    }
                    continue;
                }
                for (int k = 0; k < width; k++)
                    if (y[r + k] != T.Zero) sum = Add(sum, y[r + k], z[r + k], logSumExp, weight, weights.IsEmpty);
            }
        }
        return sum;
    }

    // sum + y·(lse − z), or + w·(y·(lse − z)) with weights.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Add<T>(double sum, T y, T z, double logSumExp, T weight, bool unweighted) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double term = double.CreateTruncating(y) * (logSumExp - double.CreateTruncating(z));
        return sum + (unweighted ? term : double.CreateTruncating(weight) * term);
    }

    /// <inheritdoc/>
    public override void Delta<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> dz, int width)
    {
        // Rows whose targets sum to exactly 1 (one-hot labels) have a·1 − y = a − y: one sweep over the whole batch gives the same bits.
        if (MassesAreOne(y, width))
        {
            TensorPrimitives.Subtract(a[..y.Length], y, dz[..y.Length]);
            return;
        }
        for (int r = 0; r + width <= z.Length; r += width)
        {
            T mass = Mass(y.Slice(r, width));
            TensorPrimitives.Multiply(a.Slice(r, width), mass, dz.Slice(r, width));
            TensorPrimitives.Subtract(dz.Slice(r, width), y.Slice(r, width), dz.Slice(r, width));
        }
    }

    private static bool MassesAreOne<T>(ReadOnlySpan<T> y, int width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r + width <= y.Length; r += width)
            if (Mass(y.Slice(r, width)) != T.One) return false;
        return y.Length % width == 0;
    }

    // Σ_k y_k of one row, summed the same way for the one-sweep test and the per-row delta, so a row's delta does not
    // depend on the other rows of its batch (the vectorised sum of a short row may round differently from the plain one).
    private static T Mass<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row.Length >= 16) return TensorPrimitives.Sum(row);
        // Narrow rows: a call per row would cost more than its additions.
        T mass = T.Zero;
        foreach (var v in row) mass += v;
        return mass;
    }

    /// <inheritdoc/>
    public override void DeltaTangent<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y,
        ReadOnlySpan<T> rz, ReadOnlySpan<T> ra, Span<T> rdz, int width)
    {
        for (int r = 0; r + width <= z.Length; r += width)
            TensorPrimitives.Multiply(ra.Slice(r, width), TensorPrimitives.Sum(y.Slice(r, width)), rdz.Slice(r, width));
    }
}
