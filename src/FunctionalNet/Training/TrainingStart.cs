using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Training;

/// <summary>
/// Where a run begins: fresh parameters (from an initializer), given parameters (warm start), or a previous run's
/// iterate with its rule or minimizer state, counters and early-stopping record (continue as if the run had not stopped).
/// </summary>
/// <param name="Parameters">θ₀.</param>
/// <param name="RuleState">The rule's state to continue from, in precision <typeparamref name="T"/>; null starts the rule afresh.</param>
/// <param name="Epoch">Epochs already done (shuffles and schedules continue from here).</param>
/// <param name="Step">Updates already applied.</param>
public sealed record TrainingStart<T>(Parameters<T> Parameters, RuleState? RuleState = null, int Epoch = 0, int Step = 0)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A minimizer's state to resume from (<see cref="Train.Minimize"/>); null begins the minimizer afresh.</summary>
    public MinimizerState? MinimizerState { get; init; }

    /// <summary>The best iterate of the run being continued (restore-best and early stopping go on from it); null: the start.</summary>
    public TrainingIterate<T>? Best { get; init; }

    /// <summary>The patience count of the run being continued.</summary>
    public int StaleEpochs { get; init; }

    /// <summary>The plateau policy's state of the run being continued.</summary>
    public PlateauState? Plateau { get; init; }

    /// <summary>The learning-rate multiplier the continued run's last epoch stepped with (1 without a plateau policy).</summary>
    public double RateMultiplier { get; init; } = 1;

    /// <summary>A fresh start (or a warm start) from parameters.</summary>
    public static implicit operator TrainingStart<T>(Parameters<T> parameters) => new(parameters);

    /// <summary>A fresh start from parameters (the named alternative to the implicit conversion).</summary>
    public static TrainingStart<T> FromParameters(Parameters<T> parameters) => new(parameters);

    /// <summary>
    /// Resumes the same run — same data, same options — from one of its iterates (a checkpoint): same parameters, rule
    /// or minimizer state, counters, best so far and patience count, so it ends bit-identical to an uninterrupted run.
    /// It is not a warm start: on new data or new options the carried best cost and stale-epoch count belong to another
    /// problem (early stopping then ends the run at once and restore-best hands back the old weights). To train a fitted
    /// model further on new data use <c>Classifier.Fit(data, options, warmStart: model)</c> or a fresh start
    /// <see cref="FromParameters"/> from its parameters.
    /// </summary>
    public static TrainingStart<T> ContinueFrom(TrainingIterate<T> iterate)
    {
        ArgumentNullException.ThrowIfNull(iterate);
        return new(iterate.Parameters, iterate.RuleState, iterate.Epoch, iterate.Step)
        {
            MinimizerState = iterate.MinimizerState, Best = iterate.Best, StaleEpochs = iterate.StaleEpochs, Plateau = iterate.Plateau,
            RateMultiplier = iterate.RateMultiplier,
        };
    }
}
