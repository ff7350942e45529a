using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Rules;

namespace FunctionalNet.Training;

/// <summary>
/// One immutable state of a training run, yielded at the start (epoch 0) and after every epoch. Keeping old iterates
/// is always safe: the parameters are a snapshot, never a view of a working buffer.
/// </summary>
/// <param name="Epoch">Epochs completed (for minimizers: iterations).</param>
/// <param name="Step">Parameter updates applied so far.</param>
/// <param name="Parameters">θ after <paramref name="Epoch"/> epochs.</param>
/// <param name="TrainingCost">J(θ) on the whole training set, L2 included.</param>
/// <param name="ValidationCost">J(θ) on the validation set, when one was given.</param>
/// <param name="LearningRate">The rate of the last step (schedule × plateau multiplier); NaN when the rule has none.</param>
/// <param name="Evaluations">Gradient evaluations so far (for minimizers, as they count them).</param>
/// <param name="RuleState">The update rule's state, for continuing the run (partial fit); null for minimizers (see <see cref="MinimizerState"/>).</param>
/// <param name="Stop">Set on the last iterate only: why the run ended.</param>
public sealed record TrainingIterate(int Epoch, int Step, Parameters<double> Parameters, double TrainingCost, double? ValidationCost,
    double LearningRate, int Evaluations, RuleState? RuleState, StopReason? Stop)
{
    /// <summary>The cost early stopping and restore-best watch: validation when present, else training.</summary>
    public double MonitoredCost => ValidationCost ?? TrainingCost;

    /// <summary>A minimizer's resumable state, on the iterates <see cref="Train.Minimize"/> was asked to record; null otherwise.</summary>
    public MinimizerState? MinimizerState { get; init; }
}
