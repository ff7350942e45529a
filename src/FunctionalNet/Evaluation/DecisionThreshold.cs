using System.Collections.Immutable;
using LanguageExt;

namespace FunctionalNet;

/// <summary>What a binary classifier's decision threshold is chosen to maximise.</summary>
public abstract record ThresholdObjective
{
    private ThresholdObjective()
    {
    }

    /// <summary>F1 of class 1: 2·TP / (2·TP + FP + FN), 0 when nothing is positive (scikit-learn's zero_division=0).</summary>
    public sealed record F1 : ThresholdObjective;

    /// <summary>Balanced accuracy: the mean of the recalls of class 1 and class 0.</summary>
    public sealed record BalancedAccuracy : ThresholdObjective;

    /// <summary>Minus the total cost, a false positive costing <paramref name="FalsePositive"/> and a false negative <paramref name="FalseNegative"/>.</summary>
    public sealed record Costs(double FalsePositive, double FalseNegative) : ThresholdObjective;

    /// <summary>The objective's value when <paramref name="tp"/> of <paramref name="positives"/> and <paramref name="fp"/> of <paramref name="negatives"/> are called positive.</summary>
    public double Value(long tp, long fp, long positives, long negatives) => this switch
    {
        F1 => 2 * tp + fp + (positives - tp) == 0 ? 0 : 2.0 * tp / (2 * tp + fp + (positives - tp)),
        BalancedAccuracy => ((positives == 0 ? 0 : (double)tp / positives) + (negatives == 0 ? 0 : (double)(negatives - fp) / negatives)) / 2,
        Costs c => -(c.FalsePositive * fp + c.FalseNegative * (positives - tp)),
        _ => throw new InvalidOperationException($"unknown objective {this}"),
    };
}

/// <summary>A chosen decision threshold and the objective's value there, with every candidate's for inspection.</summary>
/// <param name="Threshold">Call a row class 1 when P(class 1) ≥ this; +∞ calls every row class 0.</param>
/// <param name="Score">The objective at <paramref name="Threshold"/> on the rows it was chosen on.</param>
/// <param name="Candidates">Each candidate threshold (the distinct probabilities, descending, then +∞ first) and its objective.</param>
public sealed record ThresholdChoice(double Threshold, double Score, ImmutableArray<(double Threshold, double Score)> Candidates);

/// <summary>
/// Chooses a binary classifier's decision threshold on held-out rows: every distinct P(class 1) is a candidate (any
/// threshold between two neighbours makes the same calls), and the one maximising the objective wins; a tie goes
/// to the candidate nearest 0.5, the usual threshold, then to the higher.
/// </summary>
public static class DecisionThreshold
{
    /// <summary>The best threshold of <paramref name="probabilities"/> (P(class 1) of each row) for the 0/1 labels <paramref name="actual"/>.</summary>
    /// <returns>An error for differing lengths, no rows, a label other than 0 or 1, or a probability that is not finite.</returns>
    public static Either<Error, ThresholdChoice> Choose(IReadOnlyList<int> actual, IReadOnlyList<double> probabilities, ThresholdObjective objective)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(objective);
        if (actual.Count != probabilities.Count || actual.Count == 0)
            return new Error("threshold.rows", $"choosing a threshold needs one probability per label and at least one row, found {probabilities.Count} and {actual.Count}");
        int bad = Enumerable.Range(0, actual.Count).FirstOrDefault(i => actual[i] is not (0 or 1) || !double.IsFinite(probabilities[i]), -1);
        if (bad >= 0)
            return new Error("threshold.rows", $"row {bad} has label {actual[bad]} and P(class 1) = {probabilities[bad]}; expected a 0/1 label and a finite probability");
        var curve = RankingCurve.Of([.. actual.Select(y => y == 1)], probabilities);
        long positives = curve.Positives, negatives = curve.Negatives;
        var candidates = new List<(double, double)> { (double.PositiveInfinity, objective.Value(0, 0, positives, negatives)) };
        for (int i = 0; i < curve.Thresholds.Length; i++)
            candidates.Add((curve.Thresholds[i], objective.Value(curve.TruePositives[i], curve.FalsePositives[i], positives, negatives)));
        var best = candidates.OrderByDescending(c => c.Item2).ThenBy(c => Math.Abs(c.Item1 - 0.5)).ThenByDescending(c => c.Item1).First();
        return new ThresholdChoice(best.Item1, best.Item2, [.. candidates]);
    }
}
