using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Evaluation;

public class TemperatureScalingProperties
{
    // k classes, logits on a coarse grid with the label's raised by 2 (informative: else T = ∞ is best); every class
    // present, and one row whose label has the lowest logit, by a little (else the rows may be separated and no finite T is best).
    private static readonly Arbitrary<(int[] Actual, Matrix<double> Logits)> Cases =
        (from k in Gen.Choose(2, 5)
         from m in Gen.Choose(k + 1, 40)
         from labels in Gen.ArrayOf(Gen.Choose(0, k - 1), m)
         from raw in Gen.ArrayOf(Gen.Choose(-30, 30), m * k)
         select (labels.Select((y, i) => i < k ? i : y).ToArray(), Logits(m, k, raw, labels.Select((y, i) => i < k ? i : y).ToArray()))).ToArbitrary();

    private static Matrix<double> Logits(int m, int k, int[] raw, int[] labels)
    {
        var z = raw.Select((v, i) => v / 20.0 + (i % k == labels[i / k] ? 2 : 0)).ToArray();
        // The last row's label gets the lowest logit, so it is misranked.
        for (int j = 0; j < k; j++) z[(m - 1) * k + j] = j == labels[m - 1] ? 0 : 0.5;
        return Matrix<double>.Create(m, k, z);
    }

    [Property(MaxTest = 40)]
    public Property The_fitted_temperature_minimises_the_log_loss_over_a_fine_grid_and_keeps_the_ranking() =>
        Prop.ForAll(Cases, c =>
        {
            double t = TemperatureScaling.Fit(c.Actual, c.Logits).Match(v => v, e => throw new InvalidOperationException(e.Message));
            double best = TemperatureScaling.LogLoss(c.Actual, c.Logits, t);
            // 801 temperatures log-spaced over [0.01, 100], and the neighbours t(1 ± 1e-6).
            var grid = Enumerable.Range(0, 801).Select(i => Math.Pow(10, -2 + i / 200.0)).Concat([t * (1 - 1e-6), t * (1 + 1e-6)]);
            var p = TemperatureScaling.Apply(c.Logits, t);
            bool sameRanking = Enumerable.Range(0, c.Logits.Rows).All(i => Network.Labels(p.Slice(i, 1))[0] == Network.Labels(c.Logits.Slice(i, 1))[0]);
            return (grid.All(g => TemperatureScaling.LogLoss(c.Actual, c.Logits, g) >= best - 1e-12) && sameRanking
                && Math.Abs(ClassificationMetrics.LogLoss(c.Actual, p) - best) < 1e-9).Label($"T = {t}, loss {best}");
        });

    [Fact]
    public void Separated_or_uninformative_rows_are_errors()
    {
        Assert.True(TemperatureScaling.Fit([0, 1], Matrix<double>.FromRows([[2.0, 0], [0, 2.0]])).IsLeft);
        Assert.True(TemperatureScaling.Fit([0, 1], Matrix<double>.FromRows([[1.0, 1], [1, 1.0]])).IsLeft);
        Assert.True(TemperatureScaling.Fit([0, 3], Matrix<double>.FromRows([[1.0, 0], [0, 1.0]])).IsLeft);
    }
}
