using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Model;

namespace FunctionalNet.Cli.Training;

/// <summary>Everything a training loop carries from one epoch to the next: enough to resume bit for bit.</summary>
/// <param name="Epoch">Epochs (minimizer iterations) done.</param>
/// <param name="Current">The parameters now.</param>
/// <param name="Best">The parameters of the best epoch so far.</param>
/// <param name="BestEpoch">That epoch (0 = the start).</param>
/// <param name="BestCost">Its watched cost (validation when there is a validation part, else training).</param>
/// <param name="TrainingCosts">Training cost after each epoch (a persistent list: adding is O(log n), not a copy).</param>
/// <param name="ValidationCosts">Validation cost after each epoch, when there is a validation part.</param>
/// <param name="Memory">The optimizer's own state; null before a minimizer has recorded one.</param>
internal sealed record TrainState<T>(int Epoch, Parameters<T> Current, Parameters<T> Best, int BestEpoch, double BestCost,
    ImmutableList<double> TrainingCosts, ImmutableList<double> ValidationCosts, OptimizerMemory? Memory)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static TrainState<T> Start(Parameters<T> parameters, OptimizerMemory? memory) =>
        new(0, parameters, parameters, 0, double.PositiveInfinity, ImmutableList<double>.Empty, ImmutableList<double>.Empty, memory);

    /// <summary>The state after another epoch ended at <paramref name="parameters"/> with cost <paramref name="cost"/>.</summary>
    public TrainState<T> After(int epoch, Parameters<T> parameters, double cost, double? validationCost, OptimizerMemory? memory)
    {
        double watched = validationCost ?? cost;
        bool improved = watched < BestCost;
        return new TrainState<T>(epoch, parameters, improved ? parameters : Best, improved ? epoch : BestEpoch, improved ? watched : BestCost,
            TrainingCosts.Add(cost), validationCost is { } v ? ValidationCosts.Add(v) : ValidationCosts, memory);
    }

    /// <summary>True when the last epoch set a new best.</summary>
    public bool JustImproved => BestEpoch == Epoch && Epoch > 0;

    /// <summary>The result of stopping here.</summary>
    public TrainResult<T> Stop(StopKind kind, string message) => new(Best, BestEpoch, [.. TrainingCosts], [.. ValidationCosts], kind, message);
}
