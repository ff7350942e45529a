using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>AdaGrad (Duchi et al. 2011): s′ = s + u², output u / (√s′ + ε).</summary>
internal sealed class AdaGradScaling(double epsilon) : SquaresTransform
{
    public override string Name => $"scale-by-adagrad({F(epsilon)})";

    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta)
    {
        Materialize(u, ref scale);
        Span<T> sum = buffers.Vectors[0];
        T eps = T.CreateTruncating(epsilon);
        for (int i = 0; i < u.Length; i++)
        {
            sum[i] += u[i] * u[i];
            u[i] /= T.Sqrt(sum[i]) + eps;
        }
    }
}
