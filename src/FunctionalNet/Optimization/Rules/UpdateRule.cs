using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace FunctionalNet.Optimization.Rules;

/// <summary>The state a rule carries between steps (velocities, moment estimates, a step counter). Immutable.</summary>
public abstract record RuleState;

/// <summary>The state of a stateless rule.</summary>
public sealed record EmptyState : RuleState
{
    /// <summary>The one instance.</summary>
    public static EmptyState Instance { get; } = new();
}

/// <summary>Creates a rule's state for parameters of a given shape.</summary>
public delegate RuleState RuleInit(ImmutableArray<double> parameters);

/// <summary>One pure update: (gradient, state, parameters) → (step, state′). Never writes to its arguments.</summary>
public delegate (ImmutableArray<double> Step, RuleState State) RuleUpdate(ImmutableArray<double> gradient, RuleState state, ImmutableArray<double> parameters);

/// <summary>
/// A first-order update rule as a pair of pure functions, as in optax and Optimisers.jl:
/// <c>Init(θ) → state</c> and <c>Update(g, state, θ) → (step, state′)</c>. The step is what to <em>add</em> to θ
/// (the −η sign lives in <see cref="Rules.ScaleByLearningRate(Schedules.Schedule)"/>); only
/// <see cref="Apply"/> ever forms θ + step. Build rules with <see cref="Rules"/>; compose with <see cref="Rules.Chain"/>.
/// </summary>
/// <param name="Name">A short description, e.g. <c>adam(0.001)</c>.</param>
/// <param name="Init">Creates the initial state.</param>
/// <param name="Update">Computes a step and the next state.</param>
public sealed record UpdateRule(string Name, RuleInit Init, RuleUpdate Update)
{
    /// <summary>The learning rate this rule scales by, when it has one (for reporting; Rprop and bare clips have none).</summary>
    public LearningRate? Rate { get; init; }

    /// <summary>θ + scale·step, as a new vector: the single place where a step is applied.</summary>
    public static ImmutableArray<double> Apply(ImmutableArray<double> parameters, ImmutableArray<double> step, double scale = 1)
    {
        if (parameters.Length != step.Length)
            throw new ArgumentException($"the step has {step.Length} entries, the parameters {parameters.Length}", nameof(step));
        var result = new double[parameters.Length];
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(step.AsSpan(), scale, parameters.AsSpan(), result);
        return Own(result);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Wraps a freshly allocated array that nothing else references (no copy).</summary>
    internal static ImmutableArray<double> Own(double[] values) => ImmutableCollectionsMarshal.AsImmutableArray(values);
}
