using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>A transform whose state is one accumulator of squared updates (<see cref="SquaresState{T}"/>): RMSProp, AdaGrad.</summary>
internal abstract class SquaresTransform : Transform
{
    public override RuleState Init<T>(int length) => new SquaresState<T>([.. new T[length]]);

    public override RuleBuffers<T> Open<T>(RuleState state) => new() { Vectors = [RuleBuffers<T>.Copy(((SquaresState<T>)state).Nu)] };

    public override RuleState Close<T>(RuleBuffers<T> buffers) => new SquaresState<T>(RuleBuffers<T>.Snapshot(buffers.Vectors[0]));
}
