namespace FunctionalNet;

/// <summary>
/// Cohen's kappa, scikit-learn 1.2's <c>cohen_kappa_score</c> without weights: the agreement between two labellings
/// beyond what their class frequencies give by chance, κ = 1 − (observed disagreement / expected disagreement).
/// </summary>
public static class CohenKappa
{
    /// <summary>
    /// κ of the two labellings (symmetric in them). NaN when the expected disagreement is zero — both use one and the
    /// same class throughout — as scikit-learn returns (0/0, with a warning).
    /// </summary>
    public static double Compute(IReadOnlyList<int> first, IReadOnlyList<int> second)
    {
        var matrix = ConfusionMatrix.Compute(first, second);
        double total = matrix.Total, observed = 0, expected = 0;
        for (int i = 0; i < matrix.Classes; i++)
            for (int j = 0; j < matrix.Classes; j++)
            {
                if (i == j) continue;
                observed += matrix[i, j];
                expected += (double)matrix.PredictedCount(i) * matrix.ActualCount(j) / total;
            }
        return 1 - observed / expected;
    }
}
