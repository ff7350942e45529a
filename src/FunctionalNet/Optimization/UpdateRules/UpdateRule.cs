using System.Collections.Immutable;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// A first-order update rule, as in optax and Optimisers.jl: <c>Init → state</c> and
/// <c>Update(g, state, θ) → (step, state′)</c>, in any precision <c>T</c> of the caller's choosing (the
/// rule itself holds only hyper-parameters). The step is what to <em>add</em> to θ (the −η sign lives in
/// <see cref="Rules.ScaleByLearningRate"/>); <see cref="Apply{T}"/> forms θ + step. Build rules with <see cref="Rules"/>
/// (your own with <see cref="Rules.Custom"/>); compose with <see cref="Rules.Chain(UpdateRule[])"/>. The training engine runs the same formulas in place (no allocation per
/// step) and gets the same bits as <see cref="Update{T}"/> followed by <see cref="Apply{T}"/>.
/// </summary>
public sealed record UpdateRule
{
    internal UpdateRule(Transform transform, string? name = null)
    {
        Transform = transform;
        Name = name ?? transform.Name;
    }

    /// <summary>A short description, e.g. <c>adam(0.001)</c>.</summary>
    public string Name { get; init; }

    /// <summary>The learning rate this rule scales by, when it has one (for reporting; Rprop and bare clips have none).</summary>
    public LearningRate? Rate => Transform.Rate;

    internal Transform Transform { get; }

    /// <summary>The state before the first step, for <paramref name="parameterCount"/> parameters of type <typeparamref name="T"/>.</summary>
    public RuleState Init<T>(int parameterCount) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        return Transform.Init<T>(parameterCount);
    }

    /// <summary>The state before the first step, for parameters shaped like <paramref name="parameters"/>.</summary>
    public RuleState Init<T>(ImmutableArray<T> parameters) where T : unmanaged, IFloatingPointIeee754<T> => Init<T>(parameters.Length);

    /// <summary>One pure update: (gradient, state, parameters) → (step, state′). Never writes to its arguments.</summary>
    /// <exception cref="ArgumentException">The vectors differ in length, or the state is not this rule's (see <see cref="StateProblem{T}"/>).</exception>
    public (ImmutableArray<T> Step, RuleState State) Update<T>(ImmutableArray<T> gradient, RuleState state, ImmutableArray<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(state);
        if (gradient.Length != parameters.Length)
            throw new ArgumentException($"the gradient has {gradient.Length} entries, the parameters {parameters.Length}", nameof(gradient));
        if (StateProblem<T>(state, parameters.Length) is { } problem) throw new ArgumentException($"{Name}: {problem}", nameof(state));
        var u = gradient.ToArray();
        var buffers = Transform.Open<T>(state);
        T scale = T.One;
        Transform.Step<T>(u, ref scale, buffers, parameters.AsSpan());
        if (scale != T.One) TensorPrimitives.Multiply(u, scale, u);
        return (ImmutableCollectionsMarshal.AsImmutableArray(u), Transform.Close(buffers));
    }

    /// <summary>θ + scale·step, as a new vector: how a step is applied (the engine does the same in place).</summary>
    public static ImmutableArray<T> Apply<T>(ImmutableArray<T> parameters, ImmutableArray<T> step, double scale = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parameters.Length != step.Length)
            throw new ArgumentException($"the step has {step.Length} entries, the parameters {parameters.Length}", nameof(step));
        var result = parameters.ToArray();
        StepApplication.AddScaled<T>(result, step.AsSpan(), T.CreateTruncating(scale));
        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    /// <summary>
    /// Why <paramref name="state"/> cannot continue this rule on <paramref name="parameterCount"/> parameters of type
    /// <typeparamref name="T"/> (another rule's state, another precision, another length), or null when it can.
    /// </summary>
    public string? StateProblem<T>(RuleState state, int parameterCount) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(state);
        return RuleStateShape.Mismatch(state, Init<T>(parameterCount), "state");
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
