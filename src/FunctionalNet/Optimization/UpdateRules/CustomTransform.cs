using System.Collections.Immutable;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// A user's <see cref="GradientTransformation"/> as one of the library's transforms: its named vectors live in the
/// run's <see cref="RuleBuffers{T}"/>, viewed through one <see cref="TransformationBuffers{T}"/> made when they are opened.
/// </summary>
internal sealed class CustomTransform(GradientTransformation transformation, ImmutableArray<string> names) : Transform
{
    public override string Name => transformation.Name;

    public override LearningRate? Rate => transformation.Rate;

    public override RuleState Init<T>(int length)
    {
        var buffers = Buffers<T>(0, [.. names.Select(_ => new T[length])]);
        transformation.Init(buffers.Custom!);
        return Close(buffers);
    }

    public override RuleBuffers<T> Open<T>(RuleState state)
    {
        var s = (CustomState<T>)state;
        return Buffers<T>(s.Count, [.. s.Vectors.Select(RuleBuffers<T>.Copy)]);
    }

    public override RuleState Close<T>(RuleBuffers<T> buffers) =>
        new CustomState<T>(buffers.Count, names, [.. buffers.Vectors.Select(RuleBuffers<T>.Snapshot)]);

    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta)
    {
        Materialize(u, ref scale);
        transformation.Update(u, buffers.Custom!, theta);
        buffers.Count++;
    }

    private RuleBuffers<T> Buffers<T>(int count, T[][] vectors) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var buffers = new RuleBuffers<T> { Count = count, Vectors = vectors };
        buffers.Custom = new TransformationBuffers<T>(buffers, names);
        return buffers;
    }
}
