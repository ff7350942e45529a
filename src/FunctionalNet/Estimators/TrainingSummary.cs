using System.Collections.Immutable;
using FunctionalNet.Training;


namespace FunctionalNet;

/// <summary>How the kept parameters came about: their epoch and step, why the run stopped, and final metrics.</summary>
/// <param name="Epoch">The epoch whose parameters the model holds; null when the card predates summaries.</param>
/// <param name="Step">Parameter updates applied up to then; null when unknown.</param>
/// <param name="StopReason">Why training ended, or null when unknown.</param>
/// <param name="Metrics">Final metrics by name (e.g. <c>training_cost</c>, <c>test_accuracy</c>), all finite.</param>
public sealed record TrainingSummary(int? Epoch, int? Step, string? StopReason, ImmutableSortedDictionary<string, double> Metrics)
{
    /// <summary>No history: nothing known about training.</summary>
    public static TrainingSummary None { get; } = new(null, null, null, ImmutableSortedDictionary<string, double>.Empty);

    /// <summary>The summary of <paramref name="iterate"/>: its epoch, step, stop reason and its finite costs.</summary>
    public static TrainingSummary Of<T>(TrainingIterate<T> iterate) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(iterate);
        var metrics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        // Costs are NaN when the run was asked not to compute them; a card holds only finite numbers.
        if (double.IsFinite(iterate.TrainingCost)) metrics["training_cost"] = iterate.TrainingCost;
        if (iterate.ValidationCost is { } v && double.IsFinite(v)) metrics["validation_cost"] = v;
        return new TrainingSummary(iterate.Epoch, iterate.Step, iterate.Stop?.Message, metrics.ToImmutable());
    }

    /// <summary>
    /// The training section of the model card: the data, the full options (<see cref="Formats.TrainingCard.Options"/>) and how
    /// the run ended; null when unknown. It is what <c>fnet train --from-card</c> trains again from.
    /// </summary>
    public Formats.TrainingCard? Training { get; init; }

    /// <summary>This summary with <paramref name="name"/> set to <paramref name="value"/> (ignored unless finite).</summary>
    public TrainingSummary WithMetric(string name, double value) =>
        double.IsFinite(value) ? this with { Metrics = Metrics.SetItem(name, value) } : this;
}
