using System.Numerics;

namespace FunctionalNet.Model.Activations;

/// <summary>f(z) = z; f′ = 1; f″ = 0.</summary>
public sealed record Identity : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "identity";

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a) => z.CopyTo(a);

    /// <inheritdoc/>
    protected override void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d) => d.Fill(T.One);

    /// <inheritdoc/>
    protected override void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d) => d.Clear();
}
