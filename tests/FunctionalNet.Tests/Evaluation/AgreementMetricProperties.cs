using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Evaluation;

public class AgreementMetricProperties
{
    private static readonly Arbitrary<(int K, int[] Actual, int[] Predicted)> LabelPairs =
        (from k in Gen.Choose(1, 6)
         from m in Gen.Choose(1, 60)
         from actual in Gen.ArrayOf(Gen.Choose(0, k - 1), m)
         from predicted in Gen.ArrayOf(Gen.Choose(0, k - 1), m)
         select (k, actual, predicted)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Kappa_and_matthews_are_symmetric_and_bounded_and_one_for_perfect_agreement() =>
        Prop.ForAll(LabelPairs, p =>
        {
            double mcc = MatthewsCorrelation.Compute(p.Actual, p.Predicted), kappa = CohenKappa.Compute(p.Actual, p.Predicted);
            double kappaSwapped = CohenKappa.Compute(p.Predicted, p.Actual);
            bool perfect = MatthewsCorrelation.Compute(p.Actual, p.Actual) == (p.Actual.Distinct().Count() > 1 ? 1.0 : 0.0);
            return mcc == MatthewsCorrelation.Compute(p.Predicted, p.Actual) && mcc is >= -1 - 1e-12 and <= 1 + 1e-12
                && (double.IsNaN(kappa) ? double.IsNaN(kappaSwapped) : Math.Abs(kappa - kappaSwapped) < 1e-12 && kappa <= 1 + 1e-12)
                && perfect;
        });

    [Property(MaxTest = 300)]
    public Property Balanced_accuracy_is_the_mean_recall_of_the_actual_classes() =>
        Prop.ForAll(LabelPairs, p =>
        {
            var present = p.Actual.Distinct().ToArray();
            double recalls = present.Average(c => (double)p.Actual.Zip(p.Predicted, (a, b) => a == c && b == c).Count(hit => hit) / p.Actual.Count(y => y == c));
            return Math.Abs(BalancedAccuracy.Compute(p.Actual, p.Predicted) - recalls) < 1e-12;
        });

    [Property(MaxTest = 200)]
    public Property Top_k_accuracy_grows_with_k_and_top_1_is_accuracy_of_the_argmax() =>
        Prop.ForAll((from k in Gen.Choose(3, 6)
                     from m in Gen.Choose(1, 40)
                     from labels in Gen.ArrayOf(Gen.Choose(0, k - 1), m)
                     from scores in Gen.ArrayOf(Gen.Choose(0, 1000), m * k)
                     select (k, labels, Matrix<double>.Own(m, k, [.. scores.Select(s => (double)s)]))).ToArbitrary(), c =>
        {
            var (k, labels, scores) = c;
            var tops = Enumerable.Range(1, k).Select(t => TopKAccuracy.Compute(labels, scores, t).Match(v => v, _ => double.NaN)).ToArray();
            // np.argsort(..., kind="mergesort")[::-1][0]: the last index holding the row's maximum.
            var argmax = Enumerable.Range(0, labels.Length).Select(i => Enumerable.Range(0, k).Last(j => scores[i, j] == scores.Row(i).ToArray().Max())).ToArray();
            return tops.Zip(tops.Skip(1), (a, b) => a <= b).All(x => x) && tops[^1] == 1
                && tops[0] == ClassificationMetrics.Accuracy(labels, argmax);
        });

    [Property(MaxTest = 200)]
    public Property Explained_variance_is_at_least_r2_and_percentage_error_ignores_scale() =>
        Prop.ForAll((from m in Gen.Choose(2, 40)
                     from y in Gen.ArrayOf(Gen.Choose(-40, 40), m)
                     from e in Gen.ArrayOf(Gen.Choose(-10, 10), m)
                     select (y.Select(v => v / 4.0).ToArray(), e.Select(v => v / 8.0).ToArray())).ToArbitrary(), c =>
        {
            var (y, e) = c;
            var actual = Matrix<double>.Own(y.Length, 1, [.. y]);
            var predicted = Matrix<double>.Own(y.Length, 1, [.. y.Zip(e, (a, b) => a + b)]);
            var doubled = (Matrix<double>.Own(y.Length, 1, [.. y.Select(v => 2 * v)]), Matrix<double>.Own(y.Length, 1, [.. y.Zip(e, (a, b) => 2 * (a + b))]));
            double mape = RegressionMetrics.MeanAbsolutePercentageError(actual, predicted);
            return RegressionMetrics.ExplainedVariance(actual, predicted) >= RegressionMetrics.R2(actual, predicted) - 1e-12
                && RegressionMetrics.MedianAbsoluteError(actual, predicted) <= RegressionMetrics.MaxError(y, [.. y.Zip(e, (a, b) => a + b)])
                && (y.Contains(0) || Math.Abs(RegressionMetrics.MeanAbsolutePercentageError(doubled.Item1, doubled.Item2) - mape) <= 1e-12 * Math.Max(1, mape));
        });
}
