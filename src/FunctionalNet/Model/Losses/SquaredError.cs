using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Model.Losses;

/// <summary>
/// Half squared error ℓ(a, y) = ½ Σ_k (a_k − y_k)², summed over outputs and averaged over samples by the
/// network (scikit-learn's squared loss differs by the 1/outputs factor). Works after any output activation;
/// the gradient flows back through that activation's Jacobian.
/// </summary>
public sealed record SquaredError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mse";

    /// <inheritdoc/>
    public override string PairingRule => "squared error accepts any output activation";

    /// <inheritdoc/>
    public override bool Pairs(Activation output) => true;

    /// <inheritdoc/>
    public override double Sum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += Square(a[i], y[i]);
        return 0.5 * sum;
    }

    /// <inheritdoc/>
    public override double WeightedSum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width, ReadOnlySpan<T> weights)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += double.CreateTruncating(weights[i / width]) * Square(a[i], y[i]);
        return 0.5 * sum;
    }

    private static double Square<T>(T a, T y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double d = double.CreateTruncating(a) - double.CreateTruncating(y);
        return d * d;
    }

    /// <inheritdoc/>
    public override void Delta<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> dz, int width)
    {
        // Single-sample steps call this per sample: a small residual lives on the stack instead of the heap.
        Span<T> residual = a.Length <= StackLimit ? stackalloc T[a.Length] : new T[a.Length];
        TensorPrimitives.Subtract(a, y, residual);
        output.Backward(z, a, residual, dz, width);
    }

    // Elements (at most 4 KB of doubles) a residual may take on the stack.
    private const int StackLimit = 512;

    /// <inheritdoc/>
    public override void DeltaTangent<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y,
        ReadOnlySpan<T> rz, ReadOnlySpan<T> ra, Span<T> rdz, int width)
    {
        // δ_a = a − y, so R{δ_a} = R{a}; the activation supplies the rest of the product rule.
        var residual = new T[a.Length];
        TensorPrimitives.Subtract(a, y, residual);
        output.BackwardTangent(z, a, rz, residual, ra, rdz, width);
    }
}
