using System.Numerics;
using System.Numerics.Tensors;

namespace FunctionalNet.Model.Activations;

/// <summary>f(z) = max(z, 0); f′ = 1 where a &gt; 0, else 0 (PyTorch's choice at z = 0); f″ = 0.</summary>
public sealed record Relu : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "relu";

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a) => TensorPrimitives.Max(z, T.Zero, a);

    /// <inheritdoc/>
    protected override void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = a[i] > T.Zero ? T.One : T.Zero;
    }

    /// <inheritdoc/>
    protected override void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d) => d.Clear();
}
