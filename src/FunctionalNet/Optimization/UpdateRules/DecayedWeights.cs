using System.Numerics.Tensors;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>u + λθ: decoupled weight decay (Loshchilov &amp; Hutter 2019) when placed before the learning-rate scaling.</summary>
internal sealed class DecayedWeights(double rate) : StatelessTransform
{
    public override string Name => $"decoupled-weight-decay({F(rate)})";

    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta)
    {
        Materialize(u, ref scale);
        TensorPrimitives.MultiplyAdd(theta, T.CreateTruncating(rate), u, u);
    }
}
