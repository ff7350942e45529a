using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Model.Losses;

/// <summary>
/// Per-output binary cross-entropy on sigmoid outputs, from the logits:
/// ℓ(z, y) = max(z, 0) − y·z + log(1 + e^−|z|), which equals −y log σ(z) − (1 − y) log(1 − σ(z)) without
/// ever taking log 0. Its gradient with respect to z is a − y.
/// </summary>
public sealed record BinaryCrossEntropy : Loss
{
    /// <inheritdoc/>
    public override string Name => "bce";

    /// <inheritdoc/>
    public override string PairingRule => "binary cross-entropy needs a sigmoid output";

    /// <inheritdoc/>
    public override bool Pairs(Activation output) => output is Sigmoid;

    /// <inheritdoc/>
    public override double Sum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width) =>
        LogisticTerms.Sum(z, y, width, default);

    /// <inheritdoc/>
    public override double WeightedSum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width, ReadOnlySpan<T> weights) =>
        LogisticTerms.Sum(z, y, width, weights);

    /// <inheritdoc/>
    public override void Delta<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> dz, int width) =>
        TensorPrimitives.Subtract(a, y, dz);

    /// <inheritdoc/>
    public override void DeltaTangent<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y,
        ReadOnlySpan<T> rz, ReadOnlySpan<T> ra, Span<T> rdz, int width) => ra.CopyTo(rdz);
}
