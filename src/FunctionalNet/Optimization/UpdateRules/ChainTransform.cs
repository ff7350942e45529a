using System.Collections.Immutable;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>Applies transforms in order, each to the previous one's output; none is the identity.</summary>
internal sealed class ChainTransform(ImmutableArray<Transform> parts) : Transform
{
    public ImmutableArray<Transform> Parts => parts;

    public override string Name => parts.IsEmpty ? "identity" : string.Join(" → ", parts.Select(p => p.Name));

    public override LearningRate? Rate => parts.LastOrDefault(p => p.Rate is not null)?.Rate;

    public override RuleState Init<T>(int length) => new ChainState([.. parts.Select(p => p.Init<T>(length))]);

    public override RuleBuffers<T> Open<T>(RuleState state)
    {
        var states = ((ChainState)state).States;
        return new() { Parts = [.. parts.Select((p, k) => p.Open<T>(states[k]))] };
    }

    public override RuleState Close<T>(RuleBuffers<T> buffers) => new ChainState([.. parts.Select((p, k) => p.Close(buffers.Parts[k]))]);

    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta)
    {
        for (int k = 0; k < parts.Length; k++) parts[k].Step(u, ref scale, buffers.Parts[k], theta);
    }

    /// <summary>
    /// A chain ending in Adam then the learning rate (adam, adamw after its decay…) steps θ in Adam's own sweep instead of
    /// writing the direction and adding it in a second pass: the same operations per element, so the same bits.
    /// </summary>
    public bool TryStepInto<T>(Span<T> u, RuleBuffers<T> buffers, Span<T> theta) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (parts.Length < 2 || parts[^2] is not AdamScaling adam || parts[^1] is not LearningRateScaling rate) return false;
        T scale = T.One;
        for (int k = 0; k < parts.Length - 2; k++) parts[k].Step(u, ref scale, buffers.Parts[k], theta);
        // The rate's own step only multiplies a scale (it never reads u), so taking it first changes nothing.
        T step = T.One;
        rate.Step<T>(u, ref step, buffers.Parts[^1], theta);
        adam.StepInto(u, ref scale, buffers.Parts[^2], theta, step);
        return true;
    }
}
