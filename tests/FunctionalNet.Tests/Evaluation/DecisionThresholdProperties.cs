using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FunctionalNet.Tests.Evaluation;

public class DecisionThresholdProperties
{
    // Both classes present; probabilities on a 1/20 grid so ties between rows are common.
    private static readonly Arbitrary<(int[] Actual, double[] P, ThresholdObjective Objective)> Cases =
        (from m in Gen.Choose(2, 50)
         from labels in Gen.ArrayOf(Gen.Choose(0, 1), m)
         from steps in Gen.ArrayOf(Gen.Choose(0, 20), m)
         from kind in Gen.Choose(0, 2)
         from fp in Gen.Choose(1, 5)
         from fn in Gen.Choose(1, 9)
         select (labels.Select((y, i) => i < 2 ? i : y).ToArray(), steps.Select(s => s / 20.0).ToArray(),
             kind == 0 ? new ThresholdObjective.F1() : kind == 1 ? new ThresholdObjective.BalancedAccuracy() : (ThresholdObjective)new ThresholdObjective.Costs(fp, fn))).ToArbitrary();

    // The objective of calling rows with p ≥ t class 1, scored by the library's report and balanced accuracy or by counting costs.
    private static double Direct(int[] actual, double[] p, double t, ThresholdObjective objective)
    {
        int[] predicted = [.. p.Select(v => v >= t ? 1 : 0)];
        return objective switch
        {
            ThresholdObjective.F1 => ClassificationReport.Compute(actual, predicted, ["0", "1"]).Classes[1].F1,
            ThresholdObjective.BalancedAccuracy => BalancedAccuracy.Compute(actual, predicted),
            ThresholdObjective.Costs c => -Enumerable.Range(0, p.Length).Sum(i => predicted[i] == 1 && actual[i] == 0 ? c.FalsePositive : predicted[i] == 0 && actual[i] == 1 ? c.FalseNegative : 0),
            _ => throw new InvalidOperationException(),
        };
    }

    [Property(MaxTest = 200)]
    public Property The_chosen_threshold_scores_at_least_every_other_threshold() =>
        Prop.ForAll(Cases, c =>
        {
            var choice = DecisionThreshold.Choose(c.Actual, c.P, c.Objective).Match(v => v, e => throw new InvalidOperationException(e.Message));
            double chosen = Direct(c.Actual, c.P, choice.Threshold, c.Objective);
            // Every candidate, and a fine grid between and beyond them, does no better.
            var others = c.P.Concat(Enumerable.Range(-1, 43).Select(k => k / 40.0)).Append(double.PositiveInfinity);
            return (Math.Abs(chosen - choice.Score) < 1e-12 && others.All(t => Direct(c.Actual, c.P, t, c.Objective) <= chosen + 1e-12)
                && choice.Candidates.All(k => Math.Abs(Direct(c.Actual, c.P, k.Threshold, c.Objective) - k.Score) < 1e-12)).Label($"chose {choice.Threshold}, score {chosen}");
        });

    [Fact]
    public void Costly_false_negatives_lower_the_threshold_and_bad_rows_are_errors()
    {
        int[] actual = [0, 0, 0, 1, 0, 1, 1, 1];
        double[] p = [0.1, 0.2, 0.3, 0.35, 0.6, 0.7, 0.8, 0.9];
        double Threshold(ThresholdObjective o) => DecisionThreshold.Choose(actual, p, o).Match(v => v.Threshold, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(0.35, Threshold(new ThresholdObjective.Costs(1, 5)));
        Assert.Equal(0.7, Threshold(new ThresholdObjective.Costs(5, 1)));
        Assert.True(DecisionThreshold.Choose([0, 2], [0.1, 0.2], new ThresholdObjective.F1()).IsLeft);
        Assert.True(DecisionThreshold.Choose([0, 1], [0.1, double.NaN], new ThresholdObjective.F1()).IsLeft);
        Assert.True(DecisionThreshold.Choose([], [], new ThresholdObjective.F1()).IsLeft);
    }
}
