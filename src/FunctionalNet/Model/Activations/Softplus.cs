using System.Numerics;

namespace FunctionalNet.Model.Activations;

/// <summary>
/// f(z) = log(1 + e^z), and z itself above 20 (PyTorch's <c>Softplus()</c>: β = 1, threshold = 20); f′ = σ(z) (1 above
/// the threshold); f″ = σ(z)(1 − σ(z)) (0 above it).
/// </summary>
/// <remarks>log(1 + e^z) is taken with an accurate log1p, so it neither overflows nor loses e^z for very negative z.</remarks>
public sealed record Softplus : ElementwiseActivation
{
    /// <summary>Above this input f is the identity, as in PyTorch (log(1 + e^20) − 20 ≈ 2·10⁻⁹).</summary>
    public const double Threshold = 20;

    /// <inheritdoc/>
    public override string Name => "softplus";

    /// <inheritdoc/>
    protected override void Apply<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        for (int i = 0; i < a.Length; i++)
        {
            double x = double.CreateTruncating(z[i]);
            a[i] = x > Threshold ? z[i] : T.CreateTruncating(SpecialFunctions.Log1p(Math.Exp(x)));
        }
    }

    /// <inheritdoc/>
    protected override void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            double x = double.CreateTruncating(z[i]);
            d[i] = x > Threshold ? T.One : T.CreateTruncating(Logistic(x));
        }
    }

    /// <inheritdoc/>
    protected override void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            double x = double.CreateTruncating(z[i]);
            // σ(1 − σ) = e^−|x| / (1 + e^−|x|)², which keeps its precision in both tails.
            double e = Math.Exp(-Math.Abs(x));
            d[i] = x > Threshold ? T.Zero : T.CreateTruncating(e / ((1 + e) * (1 + e)));
        }
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
