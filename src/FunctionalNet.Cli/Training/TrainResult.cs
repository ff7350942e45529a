using System.Collections.Immutable;
using FunctionalNet.Model;

namespace FunctionalNet.Cli.Training;

/// <summary>How training ended.</summary>
internal enum StopKind
{
    /// <summary>Ran every epoch.</summary>
    Budget,

    /// <summary>No improvement for --patience epochs.</summary>
    Patience,

    /// <summary>Ctrl+C.</summary>
    Interrupted,

    /// <summary>The cost became NaN or infinite.</summary>
    Diverged,
}

/// <summary>The outcome of a training run: the best parameters seen and the cost history.</summary>
internal sealed record TrainResult<T>(Parameters<T> Best, int BestEpoch, ImmutableArray<double> TrainingCosts,
    ImmutableArray<double> ValidationCosts, StopKind Stop, string StopMessage)
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public int EpochsRun => TrainingCosts.Length;

    /// <summary>The same result with the parameters in another precision.</summary>
    public TrainResult<TOut> Convert<TOut>() where TOut : unmanaged, System.Numerics.IFloatingPointIeee754<TOut> =>
        new(Best.Convert<TOut>(), BestEpoch, TrainingCosts, ValidationCosts, Stop, StopMessage);
}
