using System.Numerics;

namespace FunctionalNet.Model.Activations;

/// <summary>
/// The exact Gaussian error linear unit f(z) = z·Φ(z), Φ the standard normal distribution function (PyTorch's
/// <c>GELU(approximate='none')</c>); f′ = Φ(z) + z·φ(z) and f″ = φ(z)(2 − z²), φ the normal density.
/// </summary>
/// <remarks>Φ(z) = ½·erfc(−z/√2), so the left tail keeps its relative precision; computed in double for float too.</remarks>
public sealed record Gelu : ElementwiseActivation
{
    /// <inheritdoc/>
    public override string Name => "gelu";

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        for (int i = 0; i < a.Length; i++)
        {
            double x = double.CreateTruncating(z[i]);
            a[i] = T.CreateTruncating(x * Cdf(x));
        }
    }

    /// <inheritdoc/>
    protected override void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            double x = double.CreateTruncating(z[i]);
            d[i] = T.CreateTruncating(Cdf(x) + x * Density(x));
        }
    }

    /// <inheritdoc/>
    protected override void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            double x = double.CreateTruncating(z[i]);
            d[i] = T.CreateTruncating(Density(x) * (2 - x * x));
        }
    }

    private const double OneOverSqrtTwo = 0.70710678118654752440, OneOverSqrtTwoPi = 0.39894228040143267794;

    private static double Cdf(double x) => 0.5 * SpecialFunctions.Erfc(-x * OneOverSqrtTwo);

    private static double Density(double x) => OneOverSqrtTwoPi * Math.Exp(-0.5 * x * x);
}
