using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Kernels;

/// <summary>
/// The working form of a rule's state: a counter and vectors that one training run (or one pure
/// <see cref="UpdateRule.Update{T}"/> call) owns and updates in place, so a steady-state step allocates nothing.
/// Opened from an immutable <see cref="RuleState"/> by copying and closed into a new one by copying; never shared.
/// </summary>
internal sealed class RuleBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Steps counted by the transform (schedules, bias correction).</summary>
    public int Count { get; set; }

    /// <summary>The transform's vectors, in the order its state record lists them.</summary>
    public T[][] Vectors { get; init; } = [];

    /// <summary>The view a user's <see cref="GradientTransformation"/> gets of these buffers, made once when they are opened.</summary>
    public TransformationBuffers<T>? Custom { get; set; }

    /// <summary>A chain's parts, one per rule.</summary>
    public RuleBuffers<T>[] Parts { get; init; } = [];

    /// <summary>A private copy of an immutable vector.</summary>
    public static T[] Copy(ImmutableArray<T> values) => values.ToArray();

    /// <summary>Wraps a fresh copy of a working vector as an immutable one.</summary>
    public static ImmutableArray<T> Snapshot(T[] values) => ImmutableCollectionsMarshal.AsImmutableArray((T[])values.Clone());
}
