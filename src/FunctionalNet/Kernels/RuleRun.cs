using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Kernels;

/// <summary>
/// A rule at work inside one training run: its state opened into buffers the run owns, stepped in place over the
/// run's θ and gradient. The same kernels as <see cref="UpdateRule.Update{T}"/> then <see cref="UpdateRule.Apply{T}"/>,
/// in the same order, so the bits agree; only <see cref="Snapshot"/> allocates.
/// </summary>
internal sealed class RuleRun<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Transform transform;
    private readonly RuleBuffers<T> buffers;
    // Bound once: a generic virtual call is looked up on every call, a delegate only when it is made.
    private readonly Kernel kernel;

    private delegate void Kernel(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta);

    public RuleRun(UpdateRule rule, RuleState state)
    {
        transform = rule.Transform;
        buffers = transform.Open<T>(state);
        kernel = transform.Step<T>;
    }

    /// <summary>θ ← θ + multiplier·step(g); <paramref name="gradient"/> is used as scratch and left holding the step's direction.</summary>
    public void Step(Span<T> gradient, Span<T> theta, double multiplier)
    {
        if (multiplier == 1 && transform is ChainTransform chain && chain.TryStepInto<T>(gradient, buffers, theta)) return;
        T scale = T.One;
        kernel(gradient, ref scale, buffers, theta);
        if (multiplier == 1)
        {
            StepApplication.AddScaled<T>(theta, gradient, scale);
            return;
        }
        if (scale != T.One) TensorPrimitives.Multiply(gradient, scale, gradient);
        StepApplication.AddScaled<T>(theta, gradient, T.CreateTruncating(multiplier));
    }

    /// <summary>Whether the rule only scales the gradient by −η_t (plain SGD): a caller may then apply the step itself.</summary>
    public bool ScalesOnly => transform is LearningRateScaling;

    /// <summary>For a rule that <see cref="ScalesOnly"/>: advances it one step and returns the scale <see cref="Step"/> would apply.</summary>
    public T NextScale()
    {
        T scale = T.One;
        kernel(Span<T>.Empty, ref scale, buffers, ReadOnlySpan<T>.Empty);
        return scale;
    }

    /// <summary>The state now, as an immutable copy.</summary>
    public RuleState Snapshot() => transform.Close(buffers);
}
