using System.Numerics.Tensors;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>Momentum: v′ = βv + u; output v′, or u + βv′ for Nesterov (Sutskever et al. 2013, as in optax and PyTorch).</summary>
internal sealed class MomentumTrace(double decay, bool nesterov) : Transform
{
    public override string Name => nesterov ? $"nesterov-trace({F(decay)})" : $"trace({F(decay)})";

    public override RuleState Init<T>(int length) => new TraceState<T>([.. new T[length]]);

    public override RuleBuffers<T> Open<T>(RuleState state) => new() { Vectors = [RuleBuffers<T>.Copy(((TraceState<T>)state).Velocity)] };

    public override RuleState Close<T>(RuleBuffers<T> buffers) => new TraceState<T>(RuleBuffers<T>.Snapshot(buffers.Vectors[0]));

    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta)
    {
        Materialize(u, ref scale);
        var v = buffers.Vectors[0].AsSpan();
        T beta = T.CreateTruncating(decay);
        TensorPrimitives.MultiplyAdd(v, beta, u, v);
        if (nesterov) TensorPrimitives.MultiplyAdd(v, beta, u, u);
        else v.CopyTo(u);
    }
}
