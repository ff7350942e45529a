using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FunctionalNet.Tests.Evaluation;

public class BalancedAccuracyTests
{
    [Fact]
    public void Matches_the_example_of_scikit_learns_documentation()
    {
        // scikit-learn's balanced_accuracy_score docstring: y_true [0,1,0,0,1,0], y_pred [0,1,0,0,0,1] → 0.625.
        Assert.Equal(0.625, BalancedAccuracy.Compute([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]), 15);
    }

    // With every class equally common, the mean of the recalls is the overall fraction correct.
    [Property(MaxTest = 200)]
    public Property Equals_accuracy_when_the_classes_are_equally_common() =>
        Prop.ForAll((from k in Gen.Choose(1, 5)
                     from each in Gen.Choose(1, 12)
                     from predicted in Gen.ArrayOf(Gen.Choose(0, k), k * each)
                     select (Actual: Enumerable.Range(0, k * each).Select(i => i % k).ToArray(), Predicted: predicted)).ToArbitrary(),
            p => Math.Abs(BalancedAccuracy.Compute(p.Actual, p.Predicted) - ClassificationMetrics.Accuracy(p.Actual, p.Predicted)) < 1e-12);

    // A class that is only predicted has no recall to average; the classes that occur are averaged alone.
    [Property(MaxTest = 200)]
    public Property Is_the_mean_recall_over_the_classes_that_occur() =>
        Prop.ForAll((from m in Gen.Choose(1, 40)
                     from actual in Gen.ArrayOf(Gen.Choose(0, 3), m)
                     from predicted in Gen.ArrayOf(Gen.Choose(0, 5), m)
                     select (actual, predicted)).ToArbitrary(),
            p =>
            {
                var recalls = p.actual.Distinct().Select(c =>
                    (double)Enumerable.Range(0, p.actual.Length).Count(i => p.actual[i] == c && p.predicted[i] == c) / p.actual.Count(y => y == c));
                return Math.Abs(BalancedAccuracy.Compute(p.actual, p.predicted) - recalls.Average()) < 1e-12;
            });
}
