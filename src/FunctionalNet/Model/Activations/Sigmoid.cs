using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Kernels;

namespace FunctionalNet.Model.Activations;

/// <summary>f(z) = 1 / (1 + e^−z); f′ = a(1 − a); f″ = f′(1 − 2a).</summary>
/// <remarks>
/// For double and float each element's bits depend on its own value alone (not on the span's length, the element's offset or
/// its neighbours), and equal <c>TensorPrimitives.Sigmoid</c>'s wherever that keeps the element in its vector code.
/// </remarks>
public sealed record Sigmoid : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "sigmoid";

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a) => Lanewise.Sigmoid(z, a);

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
