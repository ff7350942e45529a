using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Model.Losses;

/// <summary>
/// Poisson negative log-likelihood for counts y with log-rate z (the identity output): ℓ(z, y) = Σ_k (e^{z_k} − y_k z_k)
/// per sample, dropping the log y! that does not depend on the network. ∂ℓ/∂z = e^z − y; ∂²ℓ/∂z² = e^z. The predicted
/// mean count is e^z.
/// </summary>
/// <remarks>
/// Per element it is PyTorch's <c>PoissonNLLLoss(log_input=True, full=False)</c> term; PyTorch's mean reduction divides
/// by rows × outputs, the network by rows only (equal for one output).
/// </remarks>
public sealed record Poisson : Loss
{
    /// <inheritdoc/>
    public override string Name => "poisson";

    /// <inheritdoc/>
    public override string PairingRule => "Poisson loss needs an identity output: the network's output is the log of the rate";

    /// <inheritdoc/>
    public override bool Pairs(Activation output) => output is Identity;

    /// <inheritdoc/>
    public override double Sum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width) =>
        ElementTerms.Sum<T, Term>(z, y);

    /// <inheritdoc/>
    public override double WeightedSum<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int width, ReadOnlySpan<T> weights) =>
        ElementTerms.WeightedSum<T, Term>(z, y, width, weights);

    private readonly struct Term : IElementTerm
    {
        public static double Of(double z, double y) => Math.Exp(z) - y * z;
    }

    /// <inheritdoc/>
    public override void Delta<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> dz, int width)
    {
        int n = y.Length;
        Lanewise.Exp(z[..n], dz[..n]);
        TensorPrimitives.Subtract(dz[..n], y, dz[..n]);
    }

    /// <inheritdoc/>
    public override void DeltaTangent<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y,
        ReadOnlySpan<T> rz, ReadOnlySpan<T> ra, Span<T> rdz, int width)
    {
        // One element at a time, so rdz may be rz's own buffer.
        for (int i = 0; i < y.Length; i++) rdz[i] = T.Exp(z[i]) * rz[i];
    }
}
