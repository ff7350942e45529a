using System.Numerics;

namespace FunctionalNet.Model.Activations;

/// <summary>
/// The sigmoid-weighted linear unit (swish) f(z) = z·σ(z); f′ = σ(1 + z(1 − σ)); f″ = σ(1 − σ)(2 + z(1 − 2σ)).
/// σ(z) is recomputed from z (a/z loses it near 0) and 1 − σ(z) taken as σ(−z), which keeps its precision for large z.
/// </summary>
public sealed record Silu : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "silu";

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        for (int i = 0; i < a.Length; i++) a[i] = z[i] / (T.One + T.Exp(-z[i])); // PyTorch's form: one rounding fewer
    }

    /// <inheritdoc/>
    protected override void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            T s = Logistic(z[i]), c = Logistic(-z[i]);
            d[i] = s * (T.One + z[i] * c);
        }
    }

    /// <inheritdoc/>
    protected override void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        T two = T.One + T.One;
        for (int i = 0; i < d.Length; i++)
        {
            T s = Logistic(z[i]), c = Logistic(-z[i]);
            d[i] = s * c * (two + z[i] * (c - s));
        }
    }

    // 1/(1 + e^−z): e^−z overflows to ∞ for very negative z, giving the right limit 0.
    private static T Logistic<T>(T z) where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-z));
}
