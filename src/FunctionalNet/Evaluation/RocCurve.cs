using System.Collections.Immutable;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// The ROC curve of one ranking, scikit-learn 1.2's <c>roc_curve(drop_intermediate=False)</c>: from (0, 0), one point
/// per distinct score taken as a threshold from the highest down, to (1, 1). Its trapezoid area is <see cref="RocAuc"/>.
/// </summary>
/// <param name="FalsePositiveRate">Share of negatives scoring at least each threshold, rising.</param>
/// <param name="TruePositiveRate">Share of positives scoring at least each threshold, rising.</param>
/// <param name="Thresholds">The thresholds, descending; the first is +∞ (no sample is called positive; scikit-learn 1.3's choice, 1.2 wrote the top score + 1).</param>
public sealed record RocCurve(ImmutableArray<double> FalsePositiveRate, ImmutableArray<double> TruePositiveRate, ImmutableArray<double> Thresholds)
{
    /// <summary>The curve of <paramref name="scores"/> ranking the <paramref name="positive"/> samples; an error when one class is absent.</summary>
    public static Either<Error, RocCurve> Of(IReadOnlyList<bool> positive, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(scores);
        if (positive.Count != scores.Count)
            return new Error("metric.length", $"ROC curve: {positive.Count} labels but {scores.Count} scores");
        var curve = RankingCurve.Of(positive, scores);
        if (scores.Count == 0 || curve.Positives == 0 || curve.Negatives == 0)
            return new Error("metric.single-class", $"the ROC curve needs both classes among the {scores.Count} samples");
        double p = curve.Positives, n = curve.Negatives;
        return new RocCurve([0, .. curve.FalsePositives.Select(f => f / n)], [0, .. curve.TruePositives.Select(t => t / p)],
            [double.PositiveInfinity, .. curve.Thresholds]);
    }
}
