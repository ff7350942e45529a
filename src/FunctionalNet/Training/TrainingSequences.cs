using System.Globalization;
using FunctionalNet.Optimization;

namespace FunctionalNet.Training;

/// <summary>Sequence combinators over training traces: early stopping and restore-best, as pure functions of the history.</summary>
public static class TrainingSequences
{
    /// <summary>
    /// Ends the trace when the monitored cost (validation when present, else training) has not fallen below the best so
    /// far minus <paramref name="tolerance"/> for <paramref name="patience"/> consecutive epochs (scikit-learn's
    /// n_iter_no_change and tol). The last iterate carries <see cref="StopKind.NoImprovement"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">patience &lt; 1 or a negative tolerance.</exception>
    public static IEnumerable<TrainingIterate> StopWhenNotImproving(this IEnumerable<TrainingIterate> trace, int patience, double tolerance = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance must be ≥ 0");
        return Run(trace, patience, tolerance);

        static IEnumerable<TrainingIterate> Run(IEnumerable<TrainingIterate> trace, int patience, double tolerance)
        {
            double best = double.PositiveInfinity;
            int stale = 0;
            foreach (var it in trace)
            {
                if (it.MonitoredCost < best - tolerance) { best = it.MonitoredCost; stale = 0; }
                else stale++;
                if (stale >= patience && it.Stop is null)
                {
                    yield return it with
                    {
                        Stop = new StopReason(StopKind.NoImprovement, $"the {(it.ValidationCost is null ? "training" : "validation")} cost did not improve by {tolerance.ToString("R", CultureInfo.InvariantCulture)} for {patience} epochs (epoch {it.Epoch})"),
                    };
                    yield break;
                }
                yield return it;
            }
        }
    }

    /// <summary>
    /// Passes the trace through, but replaces its last iterate by one holding the parameters and costs of the iterate with
    /// the lowest monitored cost (validation when present): restore-best weights. One iterate of look-ahead, still lazy.
    /// </summary>
    public static IEnumerable<TrainingIterate> RestoreBest(this IEnumerable<TrainingIterate> trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return Run(trace);

        static IEnumerable<TrainingIterate> Run(IEnumerable<TrainingIterate> trace)
        {
            TrainingIterate? previous = null, best = null;
            foreach (var it in trace)
            {
                if (previous is not null) yield return previous;
                if (best is null || it.MonitoredCost < best.MonitoredCost) best = it;
                previous = it;
            }
            if (previous is null) yield break;
            if (ReferenceEquals(best, previous)) { yield return previous; yield break; }
            string why = (previous.Stop?.Message ?? "the trace ended") + $"; restored the best parameters, from epoch {best!.Epoch}";
            yield return previous with
            {
                Parameters = best.Parameters,
                TrainingCost = best.TrainingCost,
                ValidationCost = best.ValidationCost,
                Stop = new StopReason(previous.Stop?.Kind ?? StopKind.MaxIterations, why),
            };
        }
    }
}
