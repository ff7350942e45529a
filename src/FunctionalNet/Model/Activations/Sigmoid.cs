using System.Numerics;
using System.Numerics.Tensors;

namespace FunctionalNet.Model.Activations;

/// <summary>f(z) = 1 / (1 + e^−z); f′ = a(1 − a); f″ = f′(1 − 2a).</summary>
public sealed record Sigmoid : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "sigmoid";

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a) => TensorPrimitives.Sigmoid(z, a);

    /// <inheritdoc/>
    protected override void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        TensorPrimitives.Subtract(T.One, a, d);
        TensorPrimitives.Multiply(a, d, d);
    }

    /// <inheritdoc/>
    protected override void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        T two = T.One + T.One;
        for (int i = 0; i < d.Length; i++) d[i] = a[i] * (T.One - a[i]) * (T.One - two * a[i]);
    }
}
