using System.Globalization;
using System.Numerics;

namespace FunctionalNet.Model.Losses;

/// <summary>
/// Huber loss Σ_k ρ(a_k − y_k) per sample with ρ(r) = ½r² for |r| &lt; δ and δ(|r| − ½δ) otherwise: the library's
/// squared error (½r²) near the target, absolute error beyond δ. ρ′ = clamp(r, −δ, δ); ρ″ = 1 inside, 0 outside.
/// </summary>
/// <remarks>
/// Per element it is PyTorch's <c>HuberLoss(delta=δ)</c> term; PyTorch's default mean reduction divides the sum by
/// rows × outputs, the network by rows only, so the costs differ by the factor outputs (equal for one output).
/// </remarks>
/// <param name="Delta">Where the quadratic part meets the linear one; finite and &gt; 0 (PyTorch's default 1).</param>
public sealed record Huber(double Delta) : ResidualLoss
{
    /// <inheritdoc/>
    public override string Name => $"huber({Delta.ToString("R", CultureInfo.InvariantCulture)})";

    /// <inheritdoc/>
    protected override string Description => "Huber loss";

    /// <inheritdoc/>
    protected override double Term(double residual)
    {
        double r = Math.Abs(residual);
        return r < Delta ? 0.5 * residual * residual : Delta * (r - 0.5 * Delta);
    }

    /// <inheritdoc/>
    protected override void Slope<T>(ReadOnlySpan<T> residual, Span<T> slope)
    {
        T delta = T.CreateTruncating(Delta);
        for (int i = 0; i < slope.Length; i++) slope[i] = T.Clamp(residual[i], -delta, delta);
    }

    /// <inheritdoc/>
    protected override void Curvature<T>(ReadOnlySpan<T> residual, Span<T> curvature)
    {
        T delta = T.CreateTruncating(Delta);
        for (int i = 0; i < curvature.Length; i++) curvature[i] = T.Abs(residual[i]) < delta ? T.One : T.Zero;
    }
}
