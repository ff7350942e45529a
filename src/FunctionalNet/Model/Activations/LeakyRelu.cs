using System.Globalization;
using System.Numerics;

namespace FunctionalNet.Model.Activations;

/// <summary>f(z) = z for z &gt; 0, αz otherwise; f′ = 1 or α; f″ = 0.</summary>
/// <param name="Alpha">Slope for negative inputs.</param>
public sealed record LeakyRelu(double Alpha) : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => $"leaky-relu({Alpha.ToString("R", CultureInfo.InvariantCulture)})";

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        T alpha = T.CreateTruncating(Alpha);
        for (int i = 0; i < a.Length; i++) a[i] = z[i] > T.Zero ? z[i] : alpha * z[i];
    }

    /// <inheritdoc/>
    protected override void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        T alpha = T.CreateTruncating(Alpha);
        for (int i = 0; i < d.Length; i++) d[i] = z[i] > T.Zero ? T.One : alpha;
    }

    /// <inheritdoc/>
    protected override void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d) => d.Clear();
}
