using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Rules;

namespace FunctionalNet.Training;

/// <summary>
/// Where a run begins: fresh parameters (from an initializer), given parameters (warm start), or a previous run's
/// iterate with its rule state and counters (partial fit: continue on new data as if the run had not stopped).
/// </summary>
/// <param name="Parameters">θ₀.</param>
/// <param name="RuleState">The rule's state to continue from; null starts the rule afresh.</param>
/// <param name="Epoch">Epochs already done (shuffles and schedules continue from here).</param>
/// <param name="Step">Updates already applied.</param>
public sealed record TrainingStart(Parameters<double> Parameters, RuleState? RuleState = null, int Epoch = 0, int Step = 0)
{
    /// <summary>A fresh start (or a warm start) from parameters.</summary>
    public static implicit operator TrainingStart(Parameters<double> parameters) => new(parameters);

    /// <summary>A fresh start from parameters (the named alternative to the implicit conversion).</summary>
    public static TrainingStart FromParameters(Parameters<double> parameters) => new(parameters);

    /// <summary>A minimizer's state to resume from (<see cref="Train.Minimize"/>); null begins the minimizer afresh.</summary>
    public MinimizerState? MinimizerState { get; init; }

    /// <summary>Continues a previous run from its iterate: same parameters, rule or minimizer state, and counters.</summary>
    public static TrainingStart ContinueFrom(TrainingIterate iterate)
    {
        ArgumentNullException.ThrowIfNull(iterate);
        return new(iterate.Parameters, iterate.RuleState, iterate.Epoch, iterate.Step) { MinimizerState = iterate.MinimizerState };
    }
}
