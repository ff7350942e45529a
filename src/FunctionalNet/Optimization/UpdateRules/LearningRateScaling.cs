using System.Numerics;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>step = −η_t · u, counting t: the one transform that turns a direction into a descent step.</summary>
internal sealed class LearningRateScaling(LearningRate rate) : Transform
{
    public override string Name => $"scale-by-lr({rate})";

    public override LearningRate? Rate => rate;

    public override RuleState Init<T>(int length) => new CountState(0);

    public override RuleBuffers<T> Open<T>(RuleState state) => new() { Count = ((CountState)state).Count };

    public override RuleState Close<T>(RuleBuffers<T> buffers) => new CountState(buffers.Count);

    // Only the pending scale changes: the engine applies it while adding the step to θ.
    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta)
    {
        scale *= T.CreateTruncating(-rate.At(buffers.Count));
        buffers.Count++;
    }
}
