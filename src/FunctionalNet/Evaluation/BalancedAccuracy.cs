namespace FunctionalNet;

/// <summary>
/// Balanced accuracy, scikit-learn's <c>balanced_accuracy_score</c>: the mean over the classes that occur in
/// <c>actual</c> of the fraction of each class predicted correctly (its recall), so a rare class weighs as much as a
/// common one. A class only predicted, never actual, has no recall and is left out, as scikit-learn leaves it out.
/// </summary>
public static class BalancedAccuracy
{
    /// <summary>Mean per-class recall of <paramref name="predicted"/> against <paramref name="actual"/>, over the classes in <paramref name="actual"/>.</summary>
    public static double Compute(IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        ClassificationMetrics.CheckPair(actual, predicted);
        var matrix = ConfusionMatrix.Compute(actual, predicted);
        var present = Enumerable.Range(0, matrix.Classes).Where(c => matrix.ActualCount(c) > 0).ToArray();
        return present.Sum(c => (double)matrix[c, c] / matrix.ActualCount(c)) / present.Length;
    }
}
