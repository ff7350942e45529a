using System.Numerics.Tensors;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>u · min(1, c / ‖u‖₂) (Pascanu et al. 2013).</summary>
internal sealed class GlobalNormClip(double maxNorm) : StatelessTransform
{
    public override string Name => $"clip-by-global-norm({F(maxNorm)})";

    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta)
    {
        Materialize(u, ref scale);
        T norm = TensorPrimitives.Norm<T>(u), max = T.CreateTruncating(maxNorm);
        if (norm > max) TensorPrimitives.Multiply(u, max / norm, u);
    }
}

/// <summary>Each entry of the update clamped to [−c, c].</summary>
internal sealed class ValueClip(double max) : StatelessTransform
{
    public override string Name => $"clip-by-value({F(max)})";

    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta)
    {
        Materialize(u, ref scale);
        T c = T.CreateTruncating(max);
        TensorPrimitives.Clamp(u, -c, c, u);
    }
}
