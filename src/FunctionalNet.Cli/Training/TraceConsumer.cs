using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The shell's side of a training run: it enumerates the engine's trace (the core does the training, the early
/// stopping and the cancellation) and only records costs, reports progress and saves checkpoints. What is kept: the
/// epoch with the lowest validation cost when there is validation, else the last epoch unless restore-best was asked for.
/// </summary>
internal static class TraceConsumer
{
    /// <param name="trace">The engine's lazy trace.</param>
    /// <param name="history">Costs of the epochs before the trace's start (a resumed run's).</param>
    /// <param name="epochs">The epoch budget, for progress.</param>
    /// <param name="restoreBest">Keep the lowest-cost epoch even without validation.</param>
    /// <param name="report">Progress of each finished epoch.</param>
    /// <param name="checkpointDue">Whether an epoch's iterate should be checkpointed.</param>
    /// <param name="checkpoint">Saves a checkpoint; its first failure ends the run, whose outcome then carries it.</param>
    public static LanguageExt.Either<CliError, (TrainOutcome Outcome, TrainingIterate<T> Kept, TrainingIterate<T> Last)> Run<T>(IEnumerable<TrainingIterate<T>> trace, CostHistory history, int epochs,
        bool restoreBest, Action<EpochRecord> report, Func<TrainingIterate<T>, bool> checkpointDue,
        Func<TrainingIterate<T>, CostHistory, LanguageExt.Either<CliError, LanguageExt.Unit>> checkpoint)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TrainingIterate<T>? last = null;
        int newEpochs = 0;
        CliError? failure = null;
        var costs = new CostBuffer(history);
        foreach (var it in trace)
        {
            // The start, and a diverged or interrupted run's repeat of its last epoch, are not new epochs.
            if (last is not null && it.Epoch > last.Epoch)
            {
                costs.Add(it.TrainingCost, it.ValidationCost);
                newEpochs++;
                report(new EpochRecord(it.Epoch, epochs, it.TrainingCost, it.ValidationCost));
                if (checkpointDue(it) && !checkpoint(it, costs.ToHistory()).TryRight(out _, out var failed))
                {
                    // Stop at once (no later checkpoint would fare better) but keep what was trained: the caller saves it.
                    last = it with { Stop = new StopReason(StopKind.Interrupted, "stopped: the checkpoint could not be written") };
                    failure = failed;
                    break;
                }
            }
            last = it;
        }
        if (last is null) throw new InvalidOperationException("the engine's trace yields at least its start");
        var kept = last.Stop?.Kind == StopKind.Diverged || !(restoreBest || last.ValidationCost is not null) ? last : TrainingSequences.Restored(last);
        return (new TrainOutcome(RunPoint.Of(kept), RunPoint.Of(last), [.. costs.Training], [.. costs.Validation], newEpochs, failure), kept, last);
    }
}
