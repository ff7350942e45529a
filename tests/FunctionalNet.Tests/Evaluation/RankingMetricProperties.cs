using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Evaluation;

public class RankingMetricProperties
{
    // Binary labels with both classes present, and quarter-step scores in [0, 5] so ties are common and exact.
    private static readonly Arbitrary<(int[] Actual, double[] Scores)> TiedBinary =
        (from m in Gen.Choose(2, 60)
         from labels in Gen.ArrayOf(Gen.Choose(0, 1), m)
         from steps in Gen.ArrayOf(Gen.Choose(0, 20), m)
         select (labels.Select((y, i) => i < 2 ? i : y).ToArray(), steps.Select(s => s / 4.0).ToArray())).ToArbitrary();

    // Binary labels with both classes present and distinct scores (a shuffled 0…m−1).
    private static readonly Arbitrary<(int[] Actual, double[] Scores)> DistinctBinary =
        (from m in Gen.Choose(2, 60)
         from labels in Gen.ArrayOf(Gen.Choose(0, 1), m)
         from order in Gen.Shuffle(Enumerable.Range(0, m).ToArray())
         select (labels.Select((y, i) => i < 2 ? i : y).ToArray(), order.Select(s => (double)s).ToArray())).ToArbitrary();

    private static double Auc(int[] actual, double[] scores) => RocAuc.Binary(actual, scores).Match(v => v, e => throw new InvalidOperationException(e.Message));

    private static double Ap(int[] actual, double[] scores) => AveragePrecision.Binary(actual, scores).Match(v => v, e => throw new InvalidOperationException(e.Message));

    [Property(MaxTest = 300)]
    public Property Auc_is_the_share_of_positive_negative_pairs_ranked_right_with_ties_counting_half() =>
        Prop.ForAll(TiedBinary, c =>
        {
            double wins = 0;
            int pairs = 0;
            for (int i = 0; i < c.Actual.Length; i++)
                for (int j = 0; j < c.Actual.Length; j++)
                    if (c.Actual[i] == 1 && c.Actual[j] == 0)
                    {
                        pairs++;
                        wins += c.Scores[i] > c.Scores[j] ? 1 : c.Scores[i] == c.Scores[j] ? 0.5 : 0;
                    }
            return Math.Abs(Auc(c.Actual, c.Scores) - wins / pairs) < 1e-12;
        });

    [Property(MaxTest = 300)]
    public Property Auc_and_average_precision_are_unchanged_by_a_strictly_increasing_transform_of_the_scores() =>
        Prop.ForAll(TiedBinary, c =>
        {
            var transformed = c.Scores.Select(s => s * s * s + 7).ToArray(); // exact for quarter steps, so ties stay ties
            return Auc(c.Actual, transformed) == Auc(c.Actual, c.Scores) && Ap(c.Actual, transformed) == Ap(c.Actual, c.Scores);
        });

    [Property(MaxTest = 300)]
    public Property Auc_of_negated_scores_is_one_minus_auc_without_ties() =>
        Prop.ForAll(DistinctBinary, c =>
            Math.Abs(Auc(c.Actual, c.Scores) + Auc(c.Actual, [.. c.Scores.Select(s => -s)]) - 1) < 1e-12);

    [Property(MaxTest = 300)]
    public Property Average_precision_lies_in_the_unit_interval_and_is_one_for_a_perfect_ranking() =>
        Prop.ForAll(TiedBinary, c =>
        {
            double ap = Ap(c.Actual, c.Scores);
            var perfect = c.Actual.Select((y, i) => y + c.Scores[i] / 10).ToArray(); // every positive above every negative
            return ap is >= 0 and <= 1 && Math.Abs(Ap(c.Actual, perfect) - 1) < 1e-12 && Math.Abs(Auc(c.Actual, perfect) - 1) < 1e-12;
        });

    [Property(MaxTest = 200)]
    public Property One_column_two_columns_and_a_list_give_the_same_binary_scores() =>
        Prop.ForAll(TiedBinary, c =>
        {
            var p = c.Scores.Select(s => s / 5).ToArray();
            var one = Matrix<double>.Own(p.Length, 1, [.. p]);
            var two = Matrix<double>.FromRows([.. p.Select(v => new[] { 1 - v, v })]);
            double auc = Auc(c.Actual, p), ap = Ap(c.Actual, p);
            double brier = BrierScore.Binary(c.Actual, p).Match(v => v, _ => double.NaN);
            return RocAuc.Compute(c.Actual, one) == auc && RocAuc.Compute(c.Actual, two) == auc
                && AveragePrecision.Compute(c.Actual, one) == ap && AveragePrecision.Compute(c.Actual, two) == ap
                && BrierScore.Compute(c.Actual, two) == brier && brier is >= 0 and <= 1;
        });

    [Fact]
    public void A_single_class_is_an_error_value_naming_the_problem()
    {
        var auc = RocAuc.Binary([1, 1, 1], [0.1, 0.4, 0.3]);
        Assert.Equal("metric.single-class", auc.Match(_ => "", e => e.Code));
        var ovr = RocAuc.Compute([0, 0, 2], Matrix<double>.FromRows([[0.2, 0.3, 0.5], [0.2, 0.3, 0.5], [0.2, 0.3, 0.5]]));
        Assert.Contains("class 1 has no samples", ovr.Match(_ => "", e => e.Message), StringComparison.Ordinal);
        Assert.Equal("metric.shape", RocAuc.Binary([0, 1], [0.5]).Match(_ => "", e => e.Code));
        Assert.Equal("metric.non-finite", AveragePrecision.Binary([0, 1], [0.5, double.NaN]).Match(_ => "", e => e.Code));
    }
}
