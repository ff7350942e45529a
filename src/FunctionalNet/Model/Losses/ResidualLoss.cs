using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Model.Losses;

/// <summary>
/// A regression loss Σ_k ρ(a_k − y_k) of each output's residual, summed over outputs like <see cref="SquaredError"/> (the
/// network then averages over samples). Its gradient ρ′(a − y) flows back through the output activation's Jacobian, so
/// it follows any elementwise output activation; softmax is refused, since a residual loss on a distribution is not a
/// regression.
/// </summary>
public abstract record ResidualLoss : Loss
{
    /// <summary>ρ(r) for one residual r = a − y.</summary>
    protected abstract double Term(double residual);

    /// <summary>slope = ρ′(residual), elementwise (may run in place).</summary>
    protected abstract void Slope<T>(ReadOnlySpan<T> residual, Span<T> slope) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>curvature = ρ″(residual), elementwise, 0 where ρ is piecewise linear (may run in place).</summary>
    protected abstract void Curvature<T>(ReadOnlySpan<T> residual, Span<T> curvature) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>What the loss is called in its pairing rule, e.g. <c>Huber loss</c>.</summary>
    protected abstract string Description { get; }

    /// <inheritdoc/>
    public sealed override string PairingRule => $"{Description} needs an elementwise output activation (identity for regression), not softmax";

    /// <inheritdoc/>
    public sealed override bool Pairs(Activation output) => !output.IsRowwise;

    /// <inheritdoc/>
    public sealed override double Sum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += Term(double.CreateTruncating(a[i]) - double.CreateTruncating(y[i]));
        return sum;
    }

    /// <inheritdoc/>
    public sealed override double WeightedSum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width, ReadOnlySpan<T> weights)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += double.CreateTruncating(weights[i / width]) * Term(double.CreateTruncating(a[i]) - double.CreateTruncating(y[i]));
        return sum;
    }

    /// <inheritdoc/>
    public sealed override void Delta<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> dz, int width)
    {
        // Single-sample steps call this per sample: a small slope lives on the stack instead of the heap.
        Span<T> slope = a.Length <= StackLimit ? stackalloc T[a.Length] : new T[a.Length];
        TensorPrimitives.Subtract(a, y, slope);
        Slope<T>(slope, slope);
        output.Backward(z, a, slope, dz, width);
    }

    // Elements (at most 4 KB of doubles) a slope may take on the stack.
    private const int StackLimit = 512;

    /// <inheritdoc/>
    public sealed override void DeltaTangent<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y,
        ReadOnlySpan<T> rz, ReadOnlySpan<T> ra, Span<T> rdz, int width)
    {
        // δ_a = ρ′(a − y), so R{δ_a} = ρ″(a − y) ⊙ R{a}; the activation supplies the rest of the product rule.
        var slope = new T[a.Length];
        var rslope = new T[a.Length];
        TensorPrimitives.Subtract(a, y, slope);
        Curvature<T>(slope, rslope);
        TensorPrimitives.Multiply(rslope, ra, rslope);
        Slope<T>(slope, slope);
        output.BackwardTangent(z, a, rz, slope, rslope, rdz, width);
    }
}
