using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// iRprop⁻ (Igel &amp; Hüsken 2000): per parameter, Δ grows by η⁺ while the gradient keeps its sign and shrinks by η⁻
/// when it flips (then that gradient is forgotten for one step); step = −sign(g)·Δ. Meant for full batches.
/// </summary>
internal sealed class RpropSteps(double initial, double increase, double decrease, double minimum, double maximum) : Transform
{
    public override string Name => $"rprop({F(initial)})";

    public override RuleState Init<T>(int length)
    {
        var sizes = new T[length];
        Array.Fill(sizes, T.CreateTruncating(initial));
        return new RpropState<T>([.. sizes], [.. new T[length]]);
    }

    public override RuleBuffers<T> Open<T>(RuleState state)
    {
        var s = (RpropState<T>)state;
        return new() { Vectors = [RuleBuffers<T>.Copy(s.StepSizes), RuleBuffers<T>.Copy(s.PreviousGradient)] };
    }

    public override RuleState Close<T>(RuleBuffers<T> buffers) =>
        new RpropState<T>(RuleBuffers<T>.Snapshot(buffers.Vectors[0]), RuleBuffers<T>.Snapshot(buffers.Vectors[1]));

    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta)
    {
        Materialize(u, ref scale);
        Span<T> sizes = buffers.Vectors[0], previous = buffers.Vectors[1];
        T up = T.CreateTruncating(increase), down = T.CreateTruncating(decrease);
        T lo = T.CreateTruncating(minimum), hi = T.CreateTruncating(maximum);
        for (int i = 0; i < u.Length; i++)
        {
            T g = u[i], agreement = g * previous[i], size = sizes[i];
            if (agreement > T.Zero) size = T.Min(size * up, hi);
            else if (agreement < T.Zero) { size = T.Max(size * down, lo); g = T.Zero; }
            sizes[i] = size;
            previous[i] = g;
            u[i] = g > T.Zero ? -size : g < T.Zero ? size : T.Zero;
        }
    }
}
