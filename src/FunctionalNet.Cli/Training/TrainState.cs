using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Model;

namespace FunctionalNet.Cli.Training;

/// <summary>Everything the epoch loop carries from one epoch to the next: enough to resume bit for bit.</summary>
internal sealed record TrainState<T>(int Epoch, Parameters<T> Current, Parameters<T> Best, int BestEpoch, double BestCost,
    ImmutableArray<double> TrainingCosts, ImmutableArray<double> ValidationCosts)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static TrainState<T> Start(Parameters<T> parameters) =>
        new(0, parameters, parameters, 0, double.PositiveInfinity, [], []);
}
