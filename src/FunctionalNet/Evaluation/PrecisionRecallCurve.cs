using System.Collections.Immutable;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// The precision–recall curve of one ranking, scikit-learn 1.2's <c>precision_recall_curve</c> in rising recall:
/// (recall 0, precision 1), then one point per distinct score taken as a threshold from the highest down. Its
/// step-wise area is <see cref="AveragePrecision"/>.
/// </summary>
/// <param name="Recall">Share of positives scoring at least each threshold, rising.</param>
/// <param name="Precision">Share of the samples scoring at least each threshold that are positive.</param>
/// <param name="Thresholds">The thresholds, descending; the first is +∞ (the curve's start).</param>
public sealed record PrecisionRecallCurve(ImmutableArray<double> Recall, ImmutableArray<double> Precision, ImmutableArray<double> Thresholds)
{
    /// <summary>The curve of <paramref name="scores"/> for the <paramref name="positive"/> samples; an error when there is no positive.</summary>
    public static Either<Error, PrecisionRecallCurve> Of(IReadOnlyList<bool> positive, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(scores);
        if (positive.Count != scores.Count)
            return new Error("metric.length", $"precision–recall curve: {positive.Count} labels but {scores.Count} scores");
        var curve = RankingCurve.Of(positive, scores);
        if (scores.Count == 0 || curve.Positives == 0)
            return new Error("metric.single-class", $"the precision–recall curve needs a positive among the {scores.Count} samples");
        double p = curve.Positives;
        // scikit-learn 1.2 keeps every threshold, also those past full recall (1.1 stopped at the first).
        var kept = Enumerable.Range(0, curve.Thresholds.Length).ToArray();
        return new PrecisionRecallCurve([0, .. kept.Select(i => curve.TruePositives[i] / p)],
            [1, .. kept.Select(i => (double)curve.TruePositives[i] / (curve.TruePositives[i] + curve.FalsePositives[i]))],
            [double.PositiveInfinity, .. kept.Select(i => curve.Thresholds[i])]);
    }
}
