using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Optimization;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Training;

/// <summary>How a run of the engine ended, as the shell reports and saves it.</summary>
/// <param name="Kept">The iterate whose parameters are saved (the best one, or the last: see <see cref="TraceConsumer"/>).</param>
/// <param name="Last">The trace's last iterate (its stop reason says why the run ended).</param>
/// <param name="TrainingCosts">Training cost after each epoch from epoch 1, resumed legs included.</param>
/// <param name="ValidationCosts">Validation cost after each epoch, when there is a validation part.</param>
/// <param name="NewEpochs">Epochs finished by this run (a resumed run's earlier legs not counted).</param>
/// <param name="CheckpointFailure">Why the checkpoint after <see cref="Last"/> could not be written, which ended the run there.</param>
internal sealed record TrainOutcome<T>(TrainingIterate<T> Kept, TrainingIterate<T> Last, ImmutableArray<double> TrainingCosts,
    ImmutableArray<double> ValidationCosts, int NewEpochs, CliError? CheckpointFailure = null) where T : unmanaged, IFloatingPointIeee754<T>
{
    public int EpochsRun => TrainingCosts.Length;

    public StopKind Stop => Last.Stop?.Kind ?? StopKind.MaxIterations;

    public string StopMessage => Kept.Stop?.Message ?? Last.Stop?.Message ?? "the trace ended";
}
