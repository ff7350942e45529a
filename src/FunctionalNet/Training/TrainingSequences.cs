using System.Numerics;
using FunctionalNet.Optimization;

namespace FunctionalNet.Training;

/// <summary>Sequence combinators over training traces, as pure functions of the history.</summary>
public static class TrainingSequences
{
    /// <summary>
    /// Passes the trace through, but replaces its last iterate by the best one (lowest monitored cost: validation when
    /// present) with the stop reason of the last: restore-best weights. The replaced iterate reports the best epoch's
    /// number, parameters and costs, so what it says is what it holds. One iterate of look-ahead, still lazy.
    /// </summary>
    public static IEnumerable<TrainingIterate<T>> RestoreBest<T>(this IEnumerable<TrainingIterate<T>> trace) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trace);
        return Run(trace);

        static IEnumerable<TrainingIterate<T>> Run(IEnumerable<TrainingIterate<T>> trace)
        {
            TrainingIterate<T>? previous = null;
            foreach (var it in trace)
            {
                if (previous is not null) yield return previous;
                previous = it;
            }
            if (previous is null) yield break;
            yield return Restored(previous);
        }
    }

    /// <summary>The best iterate of the run that <paramref name="last"/> ended, carrying the last one's stop reason.</summary>
    public static TrainingIterate<T> Restored<T>(TrainingIterate<T> last) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(last);
        var best = last.Best;
        if (ReferenceEquals(best, last)) return last;
        string why = (last.Stop?.Message ?? "the trace ended") + $" at epoch {last.Epoch}; restored the best parameters, from epoch {best.Epoch}";
        return best with { Stop = new StopReason(last.Stop?.Kind ?? StopKind.MaxIterations, why), StaleEpochs = last.StaleEpochs };
    }
}
