using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// Top-k accuracy, scikit-learn 1.2's <c>top_k_accuracy_score</c> with <c>labels=range(classes)</c>: the fraction of
/// samples whose actual class is among the k highest scores of its row.
/// </summary>
public static class TopKAccuracy
{
    /// <summary>
    /// The fraction of hits. Ties rank the higher class index first (scikit-learn's stable ascending sort, reversed).
    /// One column of P(class 1), or two columns (class 1's used), is scikit-learn's binary case: for k = 1 a hit is
    /// the score above 0.5 (above 0 when the scores are not all in [0, 1]) matching the label; for k ≥ 2 every sample hits.
    /// </summary>
    public static Either<Error, double> Compute(IReadOnlyList<int> actual, Matrix<double> scores, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return ScoreInputs.Classes("top-k accuracy", actual, scores).Map(classes =>
        {
            int hits = 0;
            if (classes == 2)
            {
                var p = ScoreInputs.Column(scores, 1);
                double threshold = p.All(v => v is >= 0 and <= 1) ? 0.5 : 0;
                for (int i = 0; i < p.Length; i++) if (k >= 2 || (p[i] > threshold ? 1 : 0) == actual[i]) hits++;
            }
            else
            {
                for (int i = 0; i < actual.Count; i++) if (Rank(scores, i, actual[i]) < k) hits++;
            }
            return (double)hits / actual.Count;
        });
    }

    // The class's place in the row's descending order: higher scores come first, then equal scores of higher index.
    private static int Rank(Matrix<double> scores, int row, int label)
    {
        double s = scores[row, label];
        int ahead = 0;
        for (int j = 0; j < scores.Cols; j++)
            if (scores[row, j] > s || (scores[row, j] == s && j > label)) ahead++;
        return ahead;
    }
}
