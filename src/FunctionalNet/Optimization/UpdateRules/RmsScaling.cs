using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>RMSProp (Tieleman &amp; Hinton 2012): ν′ = ρν + (1 − ρ)u², output u / (√ν′ + ε).</summary>
internal sealed class RmsScaling(double decay, double epsilon) : SquaresTransform
{
    public override string Name => $"scale-by-rms({F(decay)}, {F(epsilon)})";

    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta)
    {
        Materialize(u, ref scale);
        Span<T> nu = buffers.Vectors[0];
        T rho = T.CreateTruncating(decay), keep = T.One - rho, eps = T.CreateTruncating(epsilon);
        for (int i = 0; i < u.Length; i++)
        {
            nu[i] = rho * nu[i] + keep * u[i] * u[i];
            u[i] /= T.Sqrt(nu[i]) + eps;
        }
    }
}
