using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Optimization;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Training;

/// <summary>An iterate as the shell reports and saves it, without its parameters (which travel in the model's precision).</summary>
/// <param name="Epoch">Epochs finished.</param>
/// <param name="Step">Steps taken.</param>
/// <param name="ValidationCost">The validation cost, when there is a validation part.</param>
/// <param name="Stop">Why the trace stopped here, or null.</param>
internal sealed record RunPoint(int Epoch, int Step, double? ValidationCost, StopReason? Stop)
{
    public static RunPoint Of<T>(TrainingIterate<T> it) where T : unmanaged, IFloatingPointIeee754<T> => new(it.Epoch, it.Step, it.ValidationCost, it.Stop);
}

/// <summary>How a run of the engine ended, as the shell reports and saves it, in any precision.</summary>
/// <param name="Kept">The iterate whose parameters are saved (the best one, or the last: see <see cref="TraceConsumer"/>).</param>
/// <param name="Last">The trace's last iterate (its stop reason says why the run ended).</param>
/// <param name="TrainingCosts">Training cost after each epoch from epoch 1, resumed legs included.</param>
/// <param name="ValidationCosts">Validation cost after each epoch, when there is a validation part.</param>
/// <param name="NewEpochs">Epochs finished by this run (a resumed run's earlier legs not counted).</param>
/// <param name="CheckpointFailure">Why the checkpoint after <see cref="Last"/> could not be written, which ended the run there.</param>
internal sealed record TrainOutcome(RunPoint Kept, RunPoint Last, ImmutableArray<double> TrainingCosts,
    ImmutableArray<double> ValidationCosts, int NewEpochs, CliError? CheckpointFailure = null)
{
    public int EpochsRun => TrainingCosts.Length;

    public StopKind Stop => Last.Stop?.Kind ?? StopKind.MaxIterations;

    public string StopMessage => Kept.Stop?.Message ?? Last.Stop?.Message ?? "the trace ended";
}
