namespace FunctionalNet;

/// <summary>
/// Cumulative true and false positives at each distinct score taken as a threshold, from the highest score down:
/// scikit-learn 1.2's <c>_binary_clf_curve</c>, the common ground of the ROC and precision–recall curves. Tied
/// scores share one threshold, which is how both curves treat ties.
/// </summary>
/// <param name="TruePositives">Positives scoring at least each threshold.</param>
/// <param name="FalsePositives">Negatives scoring at least each threshold.</param>
/// <param name="Thresholds">The distinct scores, descending.</param>
internal sealed record RankingCurve(long[] TruePositives, long[] FalsePositives, double[] Thresholds)
{
    public long Positives => TruePositives[^1];

    public long Negatives => FalsePositives[^1];

    public static RankingCurve Of(IReadOnlyList<bool> positive, IReadOnlyList<double> scores)
    {
        // A stable sort on the negated score keeps tied rows in input order; only the counts at tie ends are used.
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var tps = new List<long>();
        var fps = new List<long>();
        var thresholds = new List<double>();
        long tp = 0;
        for (int r = 0; r < order.Length; r++)
        {
            if (positive[order[r]]) tp++;
            if (r + 1 < order.Length && scores[order[r + 1]] == scores[order[r]]) continue;
            tps.Add(tp);
            fps.Add(r + 1 - tp);
            thresholds.Add(scores[order[r]]);
        }
        return new RankingCurve([.. tps], [.. fps], [.. thresholds]);
    }
}
