using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Evaluation;

public class MetricsTests
{
    // Pairs of label vectors of equal length ≥ 1 with labels in 0…k−1.
    private static readonly Arbitrary<(int K, int[] Actual, int[] Predicted)> LabelPairs =
        (from k in Gen.Choose(1, 6)
         from m in Gen.Choose(1, 60)
         from actual in Gen.ArrayOf(Gen.Choose(0, k - 1), m)
         from predicted in Gen.ArrayOf(Gen.Choose(0, k - 1), m)
         select (k, actual, predicted)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Confusion_matrix_sums_to_m_and_accuracy_is_trace_over_m() =>
        Prop.ForAll(LabelPairs, p =>
        {
            var cm = ConfusionMatrix.Compute(p.Actual, p.Predicted, p.K);
            int m = p.Actual.Length;
            double accuracy = ClassificationMetrics.Accuracy(p.Actual, p.Predicted);
            return cm.Counts.Sum() == m && cm.Total == m && accuracy == (double)cm.Trace / m && cm.Accuracy == accuracy
                && Enumerable.Range(0, p.K).All(c => cm.ActualCount(c) == p.Actual.Count(y => y == c) && cm.PredictedCount(c) == p.Predicted.Count(y => y == c));
        });

    [Property(MaxTest = 300)]
    public Property Report_accuracy_and_supports_agree_with_the_confusion_matrix() =>
        Prop.ForAll(LabelPairs, p =>
        {
            var names = Enumerable.Range(0, p.K).Select(c => "c" + c).ToArray();
            var r = ClassificationReport.Compute(p.Actual, p.Predicted, names);
            return r.Accuracy == ClassificationMetrics.Accuracy(p.Actual, p.Predicted)
                && r.Classes.Sum(c => c.Support) == p.Actual.Length
                && r.Classes.All(c => c.Precision is >= 0 and <= 1 && c.Recall is >= 0 and <= 1 && c.F1 >= 0 && c.F1 <= 1);
        });

    [Fact]
    public void Confusion_matrix_rows_are_actual_and_columns_predicted()
    {
        var cm = ConfusionMatrix.Compute([0, 0, 1, 2], [0, 1, 1, 1]);
        Assert.Equal([1, 1, 0, 0, 1, 0, 0, 1, 0], cm.Counts.ToArray());
        Assert.Contains("actual \\ predicted", cm.ToText(["a", "b", "c"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_loss_equals_scikit_learn()
    {
        // /usr/bin/python3, scikit-learn 1.2.1:
        //   log_loss([0, 1, 2, 1], [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.0, 0.3, 0.7], [0.5, 0.0, 0.5]]) = 9.245036707077206
        //   log_loss([0, 1, 1, 0], [0.1, 0.9, 1.0, 0.0])                                                 = 0.05268025782891325
        var multi = Matrix<double>.FromRows([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.0, 0.3, 0.7], [0.5, 0.0, 0.5]]);
        Assert.Equal(9.245036707077206, ClassificationMetrics.LogLoss([0, 1, 2, 1], multi), 1e-13);
        var binary = Matrix<double>.FromRows([[0.1], [0.9], [1.0], [0.0]]);
        Assert.Equal(0.05268025782891325, ClassificationMetrics.LogLoss([0, 1, 1, 0], binary), 1e-15);
    }

    [Fact]
    public void Regression_metrics_equal_scikit_learn()
    {
        // /usr/bin/python3, scikit-learn 1.2.1, yt = [[3, -0.5], [2, 0], [7, 2], [1, 1.5]], yp = [[2.5, 0], [2, -0.1], [8, 2], [0.5, 1]]:
        //   mean_squared_error = 0.25125, mean_absolute_error = 0.3875, r2_score = 0.9038554216867469
        //   r2_score([1, 1, 1], [1, 1, 1]) = 1.0, r2_score([1, 1, 1], [1, 2, 1]) = 0.0
        var yt = Matrix<double>.FromRows([[3.0, -0.5], [2.0, 0.0], [7.0, 2.0], [1.0, 1.5]]);
        var yp = Matrix<double>.FromRows([[2.5, 0.0], [2.0, -0.1], [8.0, 2.0], [0.5, 1.0]]);
        Assert.Equal(0.25125, RegressionMetrics.MeanSquaredError(yt, yp), 1e-15);
        Assert.Equal(0.3875, RegressionMetrics.MeanAbsoluteError(yt, yp), 1e-15);
        Assert.Equal(0.9038554216867469, RegressionMetrics.R2(yt, yp), 1e-15);
        Assert.Equal(1.0, RegressionMetrics.R2([1.0, 1, 1], [1.0, 1, 1]));
        Assert.Equal(0.0, RegressionMetrics.R2([1.0, 1, 1], [1.0, 2, 1]));
    }

    [Fact]
    public void Root_mean_squared_error_averages_each_outputs_root_as_scikit_learn()
    {
        // /usr/bin/python3, scikit-learn 1.2.1, the same yt and yp as above:
        //   mean_squared_error(yt, yp, squared=False) = 0.48472192856146845 (the mean of per-output roots, not √0.25125)
        var yt = Matrix<double>.FromRows([[3.0, -0.5], [2.0, 0.0], [7.0, 2.0], [1.0, 1.5]]);
        var yp = Matrix<double>.FromRows([[2.5, 0.0], [2.0, -0.1], [8.0, 2.0], [0.5, 1.0]]);
        Assert.Equal(0.48472192856146845, RegressionMetrics.RootMeanSquaredError(yt, yp), 1e-15);
    }

    [Fact]
    public void Mismatched_lengths_are_programming_errors()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.Compute([0, 3], [0, 1], 2));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.R2([1.0], [1.0, 2.0]));
    }
}
