using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// One building block of a rule (optax's <c>scale_by_*</c>): its state's shape and its update written once, as an
/// in-place kernel over working buffers. The pure <see cref="UpdateRule.Update{T}"/> runs the same kernel on copies,
/// so the library's two paths cannot disagree. The update in flight is <c>scale · u</c>: a learning-rate scaling only
/// multiplies <c>scale</c>, and the engine folds it into θ += scale·u, saving a pass over the vector.
/// </summary>
internal abstract class Transform
{
    /// <summary>A short description, e.g. <c>scale-by-adam(0.9, 0.999, 1E-08)</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The learning rate this transform scales by, if any.</summary>
    public virtual LearningRate? Rate => null;

    /// <summary>The state before the first step, for <paramref name="length"/> parameters.</summary>
    public abstract RuleState Init<T>(int length) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Working buffers holding a copy of <paramref name="state"/> (whose shape has been checked).</summary>
    public abstract RuleBuffers<T> Open<T>(RuleState state) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>An immutable copy of the working buffers.</summary>
    public abstract RuleState Close<T>(RuleBuffers<T> buffers) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Transforms the update <c>scale · u</c> in place and advances the buffers.</summary>
    public abstract void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Multiplies a pending scale into <paramref name="u"/>, for transforms that need the update's values.</summary>
    protected static void Materialize<T>(Span<T> u, ref T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (scale == T.One) return;
        TensorPrimitives.Multiply(u, scale, u);
        scale = T.One;
    }

    /// <summary>Formats a hyper-parameter for names.</summary>
    protected static string F(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A transform without state (clipping, weight decay).</summary>
internal abstract class StatelessTransform : Transform
{
    /// <inheritdoc/>
    public override RuleState Init<T>(int length) => EmptyState.Instance;

    /// <inheritdoc/>
    public override RuleBuffers<T> Open<T>(RuleState state) => new();

    /// <inheritdoc/>
    public override RuleState Close<T>(RuleBuffers<T> buffers) => EmptyState.Instance;
}
