using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Evaluation;

/// <summary>Multi-label scores against scikit-learn 1.2.1 and the relations between them.</summary>
public class MultiLabelMetricsTests
{
    private static Matrix<double> M(int[][] rows) => Matrix<double>.FromRows([.. rows.Select(r => r.Select(v => (double)v).ToArray())]);

    // The numbers come from scikit-learn 1.2.1 (accuracy_score, hamming_loss, f1_score with average micro/macro/samples,
    // zero_division "warn" and 1) run on these matrices with /usr/bin/python3; the first has a row empty on both sides.
    public static TheoryData<int[][], int[][], double[], double[]> Cases => new()
    {
        {
            [[1, 1, 1], [1, 1, 1], [0, 0, 0], [0, 0, 1], [1, 0, 0], [1, 0, 1], [0, 0, 1], [0, 0, 0]],
            [[1, 0, 1], [0, 0, 1], [0, 0, 0], [1, 1, 1], [1, 1, 0], [1, 0, 0], [1, 0, 1], [1, 0, 0]],
            [0.125, 0.375, 0.6086956521739131, 0.4962962962962963, 0.475],
            [0.6086956521739131, 0.4962962962962963, 0.6]
        },
        {
            [[1, 0, 0, 1], [0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 1], [1, 0, 1, 1]],
            [[1, 0, 0, 0], [0, 1, 1, 0], [1, 0, 0, 0], [0, 0, 0, 1], [1, 1, 1, 1]],
            [0.2, 0.2, 0.7777777777777778, 0.7416666666666667, 0.7714285714285715],
            [0.7777777777777778, 0.7416666666666667, 0.7714285714285715]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scores_match_scikit_learn(int[][] actual, int[][] predicted, double[] expected, double[] zeroDivisionOne)
    {
        var (y, p) = (M(actual), M(predicted));
        Assert.Equal(expected[0], MultiLabelMetrics.SubsetAccuracy(y, p), 15);
        Assert.Equal(expected[1], MultiLabelMetrics.HammingLoss(y, p), 15);
        Assert.Equal(expected[2], MultiLabelMetrics.F1Micro(y, p), 15);
        Assert.Equal(expected[3], MultiLabelMetrics.F1Macro(y, p), 15);
        Assert.Equal(expected[4], MultiLabelMetrics.F1Samples(y, p), 15);
        Assert.Equal(zeroDivisionOne[0], MultiLabelMetrics.F1Micro(y, p, ZeroDivision.One), 15);
        Assert.Equal(zeroDivisionOne[1], MultiLabelMetrics.F1Macro(y, p, ZeroDivision.One), 15);
        Assert.Equal(zeroDivisionOne[2], MultiLabelMetrics.F1Samples(y, p, ZeroDivision.One), 15);
        Assert.Equal(["f1_macro", "f1_micro", "f1_samples", "hamming_loss", "subset_accuracy"], MultiLabelMetrics.Summary(y, p).Keys);
    }

    private static Arbitrary<(Matrix<double> Actual, Matrix<double> Predicted)> Pairs(int? labels = null) =>
        (from m in Gen.Choose(1, 12)
         from k in labels is { } fixedK ? Gen.Constant(fixedK) : Gen.Choose(1, 5)
         from a in Gen.ArrayOf(Gen.Elements(0.0, 1.0), m * k)
         from p in Gen.ArrayOf(Gen.Elements(0.0, 1.0), m * k)
         select (Matrix<double>.Create(m, k, a), Matrix<double>.Create(m, k, p)))
        .ToArbitrary();

    [Property]
    public Property A_wrong_cell_makes_its_row_wrong_so_the_hamming_loss_is_at_most_the_subset_error() =>
        Prop.ForAll(Pairs(), c =>
            MultiLabelMetrics.HammingLoss(c.Actual, c.Predicted) <= 1 - MultiLabelMetrics.SubsetAccuracy(c.Actual, c.Predicted) + 1e-15
            && MultiLabelMetrics.SubsetAccuracy(c.Actual, c.Actual) == 1 && MultiLabelMetrics.HammingLoss(c.Actual, c.Actual) == 0);

    [Property]
    public Property With_one_label_micro_and_macro_F1_are_the_binary_F1_of_class_1() =>
        Prop.ForAll(Pairs(labels: 1), c =>
        {
            int[] Labels(Matrix<double> m) => [.. m.Span.ToArray().Select(v => (int)v)];
            double binary = ClassificationReport.Compute(Labels(c.Actual), Labels(c.Predicted), ["0", "1"]).Classes[1].F1;
            return Math.Abs(MultiLabelMetrics.F1Micro(c.Actual, c.Predicted) - binary) < 1e-15
                && Math.Abs(MultiLabelMetrics.F1Macro(c.Actual, c.Predicted) - binary) < 1e-15;
        });

    [Fact]
    public void Shapes_that_differ_and_values_other_than_0_or_1_are_the_callers_mistake()
    {
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.HammingLoss(M([[1, 0]]), M([[1, 0, 0]])));
        Assert.Throws<ArgumentException>(() => MultiLabelMetrics.F1Micro(M([[1, 2]]), M([[1, 0]])));
    }
}
