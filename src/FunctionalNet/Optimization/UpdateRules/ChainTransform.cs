using System.Collections.Immutable;

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
}
