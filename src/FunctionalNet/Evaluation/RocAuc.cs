using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// Area under the ROC curve, scikit-learn 1.2's <c>roc_auc_score</c>: the trapezoid area under the curve through one
/// point per distinct score, so a positive and a negative with tied scores count one half.
/// </summary>
public static class RocAuc
{
    /// <summary>
    /// The AUC of <paramref name="scores"/> ranking the samples whose <paramref name="actual"/> label is 1 above those
    /// labelled 0; an error when only one class is present (the area is undefined), as scikit-learn raises.
    /// </summary>
    public static Either<Error, double> Binary(IReadOnlyList<int> actual, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var matrix = Matrix<double>.Own(scores.Count, 1, [.. scores]);
        return ScoreInputs.Classes("ROC AUC", actual, matrix).Bind(_ => OfBinary([.. actual.Select(y => y == 1)], [.. scores]));
    }

    /// <summary>
    /// The AUC of class scores: for one column (P(class 1)) or two columns, the binary AUC of class 1's; for k &gt; 2
    /// columns (probabilities summing to 1 per row) the one-vs-rest or one-vs-one AUCs combined by
    /// <paramref name="average"/>. An error when a class has no samples, as scikit-learn raises.
    /// </summary>
    public static Either<Error, double> Compute(IReadOnlyList<int> actual, Matrix<double> scores,
        MulticlassScheme scheme = MulticlassScheme.OneVsRest, ClassAverage average = ClassAverage.Macro) =>
        ScoreInputs.Classes("ROC AUC", actual, scores).Bind(k =>
            k == 2 ? OfBinary([.. actual.Select(y => y == 1)], ScoreInputs.Column(scores, 1))
            : ScoreInputs.MissingClass("ROC AUC", ScoreInputs.Support(actual, k)).Match(
                Some: e => e,
                None: () => ProbabilityRows(scores).Match(
                    Some: e => e,
                    None: () => Either<Error, double>.Right(scheme == MulticlassScheme.OneVsOne
                        ? OneVsOne(actual, scores, k, average)
                        : OneVsRest(actual, scores, k, average)))));

    private static Either<Error, double> OfBinary(bool[] positive, double[] scores)
    {
        var curve = RankingCurve.Of(positive, scores);
        if (curve.Positives == 0 || curve.Negatives == 0)
            return new Error("metric.single-class",
                $"ROC AUC is undefined when only one class is present in the actual labels (all {positive.Length} are {(curve.Positives == 0 ? "negative" : "positive")})");
        return Area(curve);
    }

    // scikit-learn drops the points collinear with their neighbours before the trapezoid sum; dropping them here too
    // keeps the rounding of the sum the same.
    private static double Area(RankingCurve curve)
    {
        long[] tps = [0, .. curve.TruePositives], fps = [0, .. curve.FalsePositives];
        var kept = new List<int> { 0 };
        for (int i = 1; i < tps.Length - 1; i++)
            if (fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0) kept.Add(i);
        kept.Add(tps.Length - 1);
        double p = curve.Positives, n = curve.Negatives, area = 0;
        for (int j = 1; j < kept.Count; j++)
        {
            double dx = fps[kept[j]] / n - fps[kept[j - 1]] / n;
            area += dx * (tps[kept[j]] / p + tps[kept[j - 1]] / p) / 2.0;
        }
        return area;
    }

    private static double OneVsRest(IReadOnlyList<int> actual, Matrix<double> scores, int k, ClassAverage average)
    {
        var support = ScoreInputs.Support(actual, k);
        var aucs = Enumerable.Range(0, k).Select(c => Area(RankingCurve.Of([.. actual.Select(y => y == c)], ScoreInputs.Column(scores, c)))).ToArray();
        return ScoreInputs.Averaged(aucs, average == ClassAverage.Weighted ? [.. support.Select(s => (double)s)] : null);
    }

    private static double OneVsOne(IReadOnlyList<int> actual, Matrix<double> scores, int k, ClassAverage average)
    {
        var pairs = new List<double>();
        var prevalence = new List<double>();
        for (int a = 0; a < k; a++)
            for (int b = a + 1; b < k; b++)
            {
                var rows = Enumerable.Range(0, actual.Count).Where(i => actual[i] == a || actual[i] == b).ToArray();
                double ab = Area(RankingCurve.Of([.. rows.Select(i => actual[i] == a)], [.. rows.Select(i => scores[i, a])]));
                double ba = Area(RankingCurve.Of([.. rows.Select(i => actual[i] == b)], [.. rows.Select(i => scores[i, b])]));
                pairs.Add((ab + ba) / 2);
                prevalence.Add((double)rows.Length / actual.Count);
            }
        return ScoreInputs.Averaged([.. pairs], average == ClassAverage.Weighted ? [.. prevalence] : null);
    }

    // scikit-learn refuses multiclass scores that are not probabilities (np.allclose(1, row sums)).
    private static Option<Error> ProbabilityRows(Matrix<double> scores)
    {
        for (int i = 0; i < scores.Rows; i++)
        {
            double sum = 0;
            for (int j = 0; j < scores.Cols; j++) sum += scores[i, j];
            if (Math.Abs(1 - sum) > 1e-8 + 1e-5 * Math.Abs(sum))
                return new Error("metric.not-probabilities", $"multiclass ROC AUC needs probabilities summing to 1 per row; row {i} sums to {sum}");
        }
        return Option<Error>.None;
    }
}
