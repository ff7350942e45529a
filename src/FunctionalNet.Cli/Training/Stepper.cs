using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Cli.Training;

/// <summary>One parameter update from a gradient: (θ, g, state) → (θ′, state′). Pure.</summary>
internal delegate (Parameters<T> Parameters, RuleState State) Stepper<T>(Parameters<T> parameters, Parameters<T> gradient, RuleState state)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The steppers <see cref="TrainingLoop"/> runs: plain gradient descent in any precision, or a core update rule in double.</summary>
internal static class Steppers
{
    /// <summary>θ − η·g, in <typeparamref name="T"/> (the tutorials' update); no state.</summary>
    public static Stepper<T> Descent<T>(double learningRate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T step = T.CreateTruncating(-learningRate);
        return (parameters, gradient, state) => (parameters.AddScaled(step, gradient), state);
    }

    /// <summary>A core <see cref="UpdateRule"/>: its step added to θ, as the library's own training routes do.</summary>
    public static Stepper<double> Rule(UpdateRule rule) => (parameters, gradient, state) =>
    {
        var theta = ImmutableArray.Create(parameters.Flat);
        var (delta, next) = rule.Update(ImmutableArray.Create(gradient.Flat), state, theta);
        return (Parameters<double>.FromFlat(parameters.Layout, UpdateRule.Apply(theta, delta).AsSpan()), next);
    };
}
