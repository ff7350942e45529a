using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// Average precision, scikit-learn 1.2's <c>average_precision_score</c>: Σₙ (Rₙ − Rₙ₋₁) Pₙ over the distinct scores
/// taken as thresholds from the highest down — the step-wise area under the precision–recall curve, not interpolated.
/// </summary>
public static class AveragePrecision
{
    /// <summary>
    /// The average precision of <paramref name="scores"/> for the samples labelled 1. With no positive sample it is 0
    /// (scikit-learn sets recall to 1 at every threshold and warns).
    /// </summary>
    public static Either<Error, double> Binary(IReadOnlyList<int> actual, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var matrix = Matrix<double>.Own(scores.Count, 1, [.. scores]);
        return ScoreInputs.Classes("average precision", actual, matrix).Map(_ => Of([.. actual.Select(y => y == 1)], [.. scores]));
    }

    /// <summary>
    /// The average precision of class scores: for one column (P(class 1)) or two, class 1's; for k &gt; 2 columns each
    /// class's against the rest, combined by <paramref name="average"/> — scikit-learn's score of the one-hot labels
    /// (<c>label_binarize(y, classes=range(k))</c>), where a class with no samples scores 0.
    /// </summary>
    public static Either<Error, double> Compute(IReadOnlyList<int> actual, Matrix<double> scores, ClassAverage average = ClassAverage.Macro) =>
        ScoreInputs.Classes("average precision", actual, scores).Bind(Either<Error, double> (int k) =>
        {
            if (k == 2) return Of([.. actual.Select(y => y == 1)], ScoreInputs.Column(scores, 1));
            var support = ScoreInputs.Support(actual, k);
            return ScoreInputs.Averaged(
                [.. Enumerable.Range(0, k).Select(c => Of([.. actual.Select(y => y == c)], ScoreInputs.Column(scores, c)))],
                average == ClassAverage.Weighted ? [.. support.Select(s => (double)s)] : null);
        });

    private static double Of(bool[] positive, double[] scores)
    {
        var curve = RankingCurve.Of(positive, scores);
        double sum = 0, previousRecall = 0;
        for (int n = 0; n < curve.Thresholds.Length; n++)
        {
            long tp = curve.TruePositives[n];
            double recall = curve.Positives == 0 ? 1 : (double)tp / curve.Positives;
            double precision = (double)tp / (tp + curve.FalsePositives[n]);
            sum += (recall - previousRecall) * precision;
            previousRecall = recall;
        }
        return sum;
    }
}
