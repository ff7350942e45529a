using System.Globalization;
using System.Numerics;

namespace FunctionalNet.Model.Activations;

/// <summary>f(z) = z for z &gt; 0, α(e^z − 1) otherwise; for z ≤ 0, f′ = f″ = αe^z = a + α (read from the output).</summary>
/// <param name="Alpha">Saturation value −α for large negative inputs (the ELU tutorial uses α = 2).</param>
public sealed record Elu(double Alpha) : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => $"elu({Alpha.ToString("R", CultureInfo.InvariantCulture)})";

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        T alpha = T.CreateTruncating(Alpha);
        for (int i = 0; i < a.Length; i++) a[i] = z[i] > T.Zero ? z[i] : alpha * T.ExpM1(z[i]);
    }

    /// <inheritdoc/>
    protected override void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        T alpha = T.CreateTruncating(Alpha);
        for (int i = 0; i < d.Length; i++) d[i] = z[i] > T.Zero ? T.One : a[i] + alpha;
    }

    /// <inheritdoc/>
    protected override void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        T alpha = T.CreateTruncating(Alpha);
        for (int i = 0; i < d.Length; i++) d[i] = z[i] > T.Zero ? T.Zero : a[i] + alpha;
    }
}
