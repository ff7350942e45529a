
namespace FunctionalNet.Tests.Evaluation;

/// <summary>
/// Known answers from scikit-learn 1.2.1 (Debian python3-sklearn), computed with /usr/bin/python3:
/// <code>
/// from sklearn.metrics import classification_report, precision_recall_fscore_support
/// y_true = [0, 1, 2, 2, 2, 0, 1, 3, 3, 1, 0, 2]
/// y_pred = [0, 2, 2, 2, 1, 0, 1, 3, 0, 1, 1, 2]
/// print(repr(classification_report(y_true, y_pred, target_names=["cat", "dog", "bird", "fish"], digits=2)))
/// print(precision_recall_fscore_support(y_true, y_pred))                      # per class
/// print(precision_recall_fscore_support(y_true, y_pred, average="macro"))     # and "weighted"
/// t2 = [0, 0, 1, 1, 2, 2]; p2 = [0, 1, 1, 1, 3, 0]                            # class 2 never predicted, 3 never present
/// for zd in [0, 1]:
///     print(repr(classification_report(t2, p2, zero_division=zd, digits=4)))
///     print(precision_recall_fscore_support(t2, p2, zero_division=zd))        # and average="macro"/"weighted"
/// </code>
/// </summary>
public class ClassificationReportTests
{
    private static readonly int[] Actual = [0, 1, 2, 2, 2, 0, 1, 3, 3, 1, 0, 2];
    private static readonly int[] Predicted = [0, 2, 2, 2, 1, 0, 1, 3, 0, 1, 1, 2];
    private static readonly int[] ActualZ = [0, 0, 1, 1, 2, 2];
    private static readonly int[] PredictedZ = [0, 1, 1, 1, 3, 0];

    private static void Equal(double[] expected, IEnumerable<double> actual)
    {
        var a = actual.ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(expected[i], a[i], 1e-15);
    }

    [Fact]
    public void Per_class_scores_and_averages_equal_scikit_learn()
    {
        var r = ClassificationReport.Compute(Actual, Predicted, ["cat", "dog", "bird", "fish"]);
        Equal([0.6666666666666666, 0.5, 0.75, 1.0], r.Classes.Select(c => c.Precision));
        Equal([0.6666666666666666, 0.6666666666666666, 0.75, 0.5], r.Classes.Select(c => c.Recall));
        Equal([0.6666666666666666, 0.5714285714285715, 0.75, 0.6666666666666666], r.Classes.Select(c => c.F1));
        Assert.Equal([3, 3, 4, 2], r.Classes.Select(c => c.Support));
        Equal([0.7291666666666666, 0.6458333333333333, 0.6636904761904762], [r.MacroAverage.Precision, r.MacroAverage.Recall, r.MacroAverage.F1]);
        Equal([0.7083333333333334, 0.6666666666666666, 0.6706349206349206], [r.WeightedAverage.Precision, r.WeightedAverage.Recall, r.WeightedAverage.F1]);
        Assert.Equal(8.0 / 12, r.Accuracy);
        Assert.Equal(12, r.Support);
    }

    [Fact]
    public void Text_equals_scikit_learn_character_for_character()
    {
        const string Expected =
            "              precision    recall  f1-score   support\n\n         cat       0.67      0.67      0.67         3\n" +
            "         dog       0.50      0.67      0.57         3\n        bird       0.75      0.75      0.75         4\n" +
            "        fish       1.00      0.50      0.67         2\n\n    accuracy                           0.67        12\n" +
            "   macro avg       0.73      0.65      0.66        12\nweighted avg       0.71      0.67      0.67        12\n";
        Assert.Equal(Expected, ClassificationReport.Compute(Actual, Predicted, ["cat", "dog", "bird", "fish"]).ToText());
    }

    [Fact]
    public void Zero_division_zero_equals_scikit_learn()
    {
        const string Expected =
            "              precision    recall  f1-score   support\n\n           0     0.5000    0.5000    0.5000         2\n" +
            "           1     0.6667    1.0000    0.8000         2\n           2     0.0000    0.0000    0.0000         2\n" +
            "           3     0.0000    0.0000    0.0000         0\n\n    accuracy                         0.5000         6\n" +
            "   macro avg     0.2917    0.3750    0.3250         6\nweighted avg     0.3889    0.5000    0.4333         6\n";
        var r = ClassificationReport.Compute(ActualZ, PredictedZ);
        Assert.Equal(Expected, r.ToText(4));
        Equal([0.5, 0.6666666666666666, 0.0, 0.0], r.Classes.Select(c => c.Precision));
        Equal([0.29166666666666663, 0.375, 0.325], [r.MacroAverage.Precision, r.MacroAverage.Recall, r.MacroAverage.F1]);
        Equal([0.38888888888888884, 0.5, 0.43333333333333335], [r.WeightedAverage.Precision, r.WeightedAverage.Recall, r.WeightedAverage.F1]);
    }

    [Fact]
    public void Zero_division_one_equals_scikit_learn()
    {
        const string Expected =
            "              precision    recall  f1-score   support\n\n           0     0.5000    0.5000    0.5000         2\n" +
            "           1     0.6667    1.0000    0.8000         2\n           2     1.0000    0.0000    0.0000         2\n" +
            "           3     0.0000    1.0000    0.0000         0\n\n    accuracy                         0.5000         6\n" +
            "   macro avg     0.5417    0.6250    0.3250         6\nweighted avg     0.7222    0.5000    0.4333         6\n";
        var r = ClassificationReport.Compute(ActualZ, PredictedZ, zeroDivision: ZeroDivision.One);
        Assert.Equal(Expected, r.ToText(4));
        Equal([0.5, 0.6666666666666666, 1.0, 0.0], r.Classes.Select(c => c.Precision));
        Equal([0.5, 1.0, 0.0, 1.0], r.Classes.Select(c => c.Recall));
        Equal([0.5416666666666666, 0.625, 0.325], [r.MacroAverage.Precision, r.MacroAverage.Recall, r.MacroAverage.F1]);
        Equal([0.7222222222222222, 0.5, 0.43333333333333335], [r.WeightedAverage.Precision, r.WeightedAverage.Recall, r.WeightedAverage.F1]);
    }

    [Fact]
    public void Without_names_only_labels_that_occur_are_listed()
    {
        var r = ClassificationReport.Compute([0, 5, 5], [0, 5, 0]);
        Assert.Equal(["0", "5"], r.Classes.Select(c => c.Name));
    }
}
