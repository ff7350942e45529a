using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Kernels;

namespace FunctionalNet.Model.Activations;

/// <summary>f(z) = tanh z; f′ = 1 − a²; f″ = −2a(1 − a²).</summary>
/// <remarks>
/// For double and float each element's bits depend on its own value alone (not on the span's length, the element's offset or
/// its neighbours), and equal <c>TensorPrimitives.Tanh</c>'s wherever that keeps the element in its vector code.
/// </remarks>
public sealed record Tanh : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "tanh";

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a) => Lanewise.Tanh(z, a);

    /// <inheritdoc/>
    protected override void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        TensorPrimitives.Multiply(a, a, d);
        TensorPrimitives.Subtract(T.One, d, d);
    }

    /// <inheritdoc/>
    protected override void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        T two = T.One + T.One;
        for (int i = 0; i < d.Length; i++) d[i] = -two * a[i] * (T.One - a[i] * a[i]);
    }
}
