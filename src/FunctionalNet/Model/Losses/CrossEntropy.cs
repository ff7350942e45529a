using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Model.Activations;

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

    // Without weights each term is added as it is; with them it is multiplied by its row's weight first (1·t = t exactly).
    private static double Accumulate<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, int width, ReadOnlySpan<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int r = 0; r + width <= z.Length; r += width)
        {
            var zr = z.Slice(r, width);
            double max = double.CreateTruncating(TensorPrimitives.Max(zr));
            double expSum = 0;
            for (int k = 0; k < width; k++) expSum += Math.Exp(double.CreateTruncating(zr[k]) - max);
            double logSumExp = max + Math.Log(expSum);
            for (int k = 0; k < width; k++)
            {
                double yk = double.CreateTruncating(y[r + k]);
                if (yk == 0) continue;
                double term = yk * (logSumExp - double.CreateTruncating(zr[k]));
                sum += weights.IsEmpty ? term : double.CreateTruncating(weights[r / width]) * term;
            }
        }
        return sum;
    }

    /// <inheritdoc/>
    public override void Delta<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> dz, int width)
    {
        for (int r = 0; r + width <= z.Length; r += width)
        {
            T mass = TensorPrimitives.Sum(y.Slice(r, width));
            TensorPrimitives.Multiply(a.Slice(r, width), mass, dz.Slice(r, width));
            TensorPrimitives.Subtract(dz.Slice(r, width), y.Slice(r, width), dz.Slice(r, width));
        }
    }

    /// <inheritdoc/>
    public override void DeltaTangent<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y,
        ReadOnlySpan<T> rz, ReadOnlySpan<T> ra, Span<T> rdz, int width)
    {
        for (int r = 0; r + width <= z.Length; r += width)
            TensorPrimitives.Multiply(ra.Slice(r, width), TensorPrimitives.Sum(y.Slice(r, width)), rdz.Slice(r, width));
    }
}
