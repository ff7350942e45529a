using System.Numerics;

namespace FunctionalNet.Model.Activations;

/// <summary>An elementwise activation given by scalar functions; see <see cref="Activation.Custom"/>.</summary>
/// <param name="CustomName">Name shown in model cards and errors.</param>
/// <param name="Function">f(z).</param>
/// <param name="FirstDerivative">f′ as a function of (z, a).</param>
/// <param name="Curvature">f″ as a function of (z, a).</param>
public sealed record CustomActivation(
    string CustomName,
    Func<double, double> Function,
    Func<double, double, double> FirstDerivative,
    Func<double, double, double> Curvature) : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => CustomName;

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        for (int i = 0; i < a.Length; i++) a[i] = T.CreateTruncating(Function(double.CreateTruncating(z[i])));
    }

    /// <inheritdoc/>
    protected override void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
            d[i] = T.CreateTruncating(FirstDerivative(double.CreateTruncating(z[i]), double.CreateTruncating(a[i])));
    }

    /// <inheritdoc/>
    protected override void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
            d[i] = T.CreateTruncating(Curvature(double.CreateTruncating(z[i]), double.CreateTruncating(a[i])));
    }
}
