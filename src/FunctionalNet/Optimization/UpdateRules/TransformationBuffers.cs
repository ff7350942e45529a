using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// The working state a <see cref="GradientTransformation"/> reads and writes in place: its named vectors, each as long as
/// the parameters, and the number of updates applied before the current one. Owned by one training run (or one pure
/// <see cref="UpdateRule.Update{T}"/> call) and never shared; <see cref="CustomState{T}"/> is its immutable copy.
/// </summary>
public sealed class TransformationBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RuleBuffers<T> buffers;

    internal TransformationBuffers(RuleBuffers<T> buffers, ImmutableArray<string> names)
    {
        this.buffers = buffers;
        Names = names;
    }

    /// <summary>The vectors' names, as <see cref="GradientTransformation.StateVectors"/> declared them.</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>t: the updates applied before this one (0 in the first <see cref="GradientTransformation.Update{T}"/> and in Init).</summary>
    public int Count => buffers.Count;

    /// <summary>The vector at <paramref name="index"/> in <see cref="Names"/>' order (the fastest way in a loop).</summary>
    public Span<T> this[int index] => buffers.Vectors[index];

    /// <summary>The vector called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The transformation declared no vector of that name.</exception>
    public Span<T> this[string name]
    {
        get
        {
            int index = Names.IndexOf(name);
            return index >= 0 ? buffers.Vectors[index] : throw new ArgumentException($"no state vector '{name}'; declared: {string.Join(", ", Names)}", nameof(name));
        }
    }
}
