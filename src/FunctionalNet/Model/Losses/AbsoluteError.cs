using System.Numerics;

namespace FunctionalNet.Model.Losses;

/// <summary>
/// Absolute error (L1) Σ_k |a_k − y_k| per sample, averaged over samples by the network; ρ′ = sign(r) with the
/// subgradient 0 at r = 0 (PyTorch's choice), ρ″ = 0.
/// </summary>
/// <remarks>
/// Per element it is PyTorch's <c>L1Loss</c> term; PyTorch's mean reduction divides by rows × outputs, the network by
/// rows only (equal for one output). Scored, it is the mean absolute error (MAE) times the number of outputs.
/// </remarks>
public sealed record AbsoluteError : ResidualLoss
{
    /// <inheritdoc/>
    public override string Name => "mae";

    /// <inheritdoc/>
    protected override string Description => "absolute error (mae)";

    /// <inheritdoc/>
    protected override double Term(double residual) => Math.Abs(residual);

    /// <inheritdoc/>
    protected override void Slope<T>(ReadOnlySpan<T> residual, Span<T> slope)
    {
        for (int i = 0; i < slope.Length; i++)
            slope[i] = residual[i] > T.Zero ? T.One : residual[i] < T.Zero ? T.NegativeOne : T.Zero;
    }

    /// <inheritdoc/>
    protected override void Curvature<T>(ReadOnlySpan<T> residual, Span<T> curvature) => curvature.Clear();
}
