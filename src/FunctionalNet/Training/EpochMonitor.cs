using System.Globalization;
using System.Numerics;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Scheduling;

namespace FunctionalNet.Training;

/// <summary>
/// The one place where a run's epochs are judged, for every route: the best iterate so far, the patience count
/// (scikit-learn's rule: an epoch is stale when its cost is above the best before it minus the tolerance), the
/// plateau policy's multiplier, and the budget. Local to one enumeration of a trace.
/// </summary>
internal sealed class EpochMonitor<T>(TrainingOptions options, TrainingStart<T> start, string route) where T : unmanaged, IFloatingPointIeee754<T>
{
    private TrainingIterate<T>? best = start.Best;
    private int stale = start.StaleEpochs;
    private PlateauState? plateau = start.Plateau;

    /// <summary>The learning-rate multiplier the plateau policy asks for now.</summary>
    public double Multiplier => plateau?.Multiplier ?? 1;

    /// <summary>The start's iterate: the best so far unless the start continues a run that had one.</summary>
    public TrainingIterate<T> First(TrainingIterate<T> iterate)
    {
        if (best is null || iterate.MonitoredCost < best.MonitoredCost) return best = iterate with { StaleEpochs = stale, Plateau = plateau };
        return iterate with { StaleEpochs = stale, Plateau = plateau, Best = best };
    }

    /// <summary>An epoch's iterate with its best, patience count, plateau state and, when the run ends here, its stop reason.</summary>
    public TrainingIterate<T> Next(TrainingIterate<T> iterate)
    {
        double cost = iterate.MonitoredCost;
        double bestCost = best?.MonitoredCost ?? double.PositiveInfinity;
        stale = cost > bestCost - options.Tolerance || double.IsNaN(cost) ? stale + 1 : 0;
        if (options.Plateau is { } policy) plateau = policy.Next(plateau ?? PlateauPolicy.Start, cost);
        var stop = iterate.Stop
            ?? (iterate.Epoch - start.Epoch >= options.MaxEpochs
                ? new StopReason(StopKind.MaxIterations, $"{route}: reached the limit of {options.MaxEpochs} epochs")
                : options.Patience > 0 && stale >= options.Patience
                    ? new StopReason(StopKind.NoImprovement, string.Create(CultureInfo.InvariantCulture,
                        $"{route}: the {(iterate.ValidationCost is null ? "training" : "validation")} cost did not improve by {options.Tolerance:R} for {options.Patience} epochs"))
                    : null);
        // One copy of the epoch's iterate: an improvement is its own best, any other epoch points at the best before it.
        if (best is null || cost < bestCost) return best = iterate with { StaleEpochs = stale, Plateau = plateau, Stop = stop };
        return iterate with { StaleEpochs = stale, Plateau = plateau, Stop = stop, Best = best };
    }

    /// <summary>The last completed epoch again, ended because the caller cancelled.</summary>
    public static TrainingIterate<T> Interrupted(TrainingIterate<T> last, string route, int epoch) => last with
    {
        Stop = new StopReason(StopKind.Interrupted, $"{route}: interrupted during epoch {epoch}; epoch {last.Epoch} is the last completed one"),
    };
}
