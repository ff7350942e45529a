using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Training;

/// <summary>
/// One immutable state of a training run, yielded at the start and after every epoch. Keeping old iterates is always
/// safe: the parameters and rule state are snapshots, never views of the engine's working buffers.
/// </summary>
/// <param name="Epoch">Epochs completed (for minimizers: iterations).</param>
/// <param name="Step">Parameter updates applied so far.</param>
/// <param name="Parameters">θ after <paramref name="Epoch"/> epochs.</param>
/// <param name="TrainingCost">The epoch's training cost, L2 included, as <see cref="TrainingOptions.EpochCost"/> asks (NaN for <see cref="EpochCost.None"/>).</param>
/// <param name="ValidationCost">J(θ) on the validation set, when one was given.</param>
/// <param name="LearningRate">The rate of the last step (schedule × plateau multiplier); NaN when the rule has none.</param>
/// <param name="Evaluations">Gradient evaluations so far (for minimizers, as they count them).</param>
/// <param name="RuleState">The update rule's state, for continuing the run (partial fit); null for minimizers (see <see cref="MinimizerState"/>).</param>
/// <param name="Stop">Set on the last iterate only: why the run ended.</param>
public sealed record TrainingIterate<T>(int Epoch, int Step, Parameters<T> Parameters, double TrainingCost, double? ValidationCost,
    double LearningRate, int Evaluations, RuleState? RuleState, StopReason? Stop)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TrainingIterate<T>? best;

    /// <summary>The cost early stopping and restore-best watch: validation when present, else training.</summary>
    public double MonitoredCost => ValidationCost ?? TrainingCost;

    /// <summary>A minimizer's resumable state, on the iterates <see cref="Train.Minimize"/> was asked to record; null otherwise.</summary>
    public MinimizerState? MinimizerState { get; init; }

    /// <summary>The iterate with the lowest monitored cost so far, this one included (the first of equals).</summary>
    public TrainingIterate<T> Best
    {
        get => best ?? this;
        init => best = ReferenceEquals(value, this) ? null : value;
    }

    /// <summary>Consecutive epochs whose monitored cost did not fall below the best before them minus the tolerance.</summary>
    public int StaleEpochs { get; init; }

    /// <summary>Reduce-on-plateau's state after this epoch, when a plateau policy is set.</summary>
    public PlateauState? Plateau { get; init; }

    /// <summary>The learning-rate multiplier this epoch's steps used (1 without a plateau policy).</summary>
    public double RateMultiplier { get; init; } = 1;
}
