namespace FunctionalNet.Evaluation;

/// <summary>
/// Balanced accuracy, scikit-learn 1.2's <c>balanced_accuracy_score</c>: the mean over the actual classes of each
/// class's recall, so every class counts the same however rare it is.
/// </summary>
public static class BalancedAccuracy
{
    /// <summary>
    /// The mean recall of the classes present in <paramref name="actual"/>; a class that is only predicted has no
    /// recall and is left out, as scikit-learn does (with a warning).
    /// </summary>
    public static double Compute(IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        var matrix = ConfusionMatrix.Compute(actual, predicted);
        var recalls = Enumerable.Range(0, matrix.Classes)
            .Where(c => matrix.ActualCount(c) > 0)
            .Select(c => (double)matrix[c, c] / matrix.ActualCount(c))
            .ToArray();
        return recalls.Sum() / recalls.Length;
    }
}
