using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FunctionalNet.Tests.Evaluation;

public class PlattScalingProperties
{
    // Both classes present and overlapping (a class-0 logit above a class-1 logit), so a finite fit exists.
    private static readonly Arbitrary<(int[] Actual, double[] Z)> Cases =
        (from m in Gen.Choose(4, 60)
         from labels in Gen.ArrayOf(Gen.Choose(0, 1), m)
         from steps in Gen.ArrayOf(Gen.Choose(-40, 40), m)
         from scale in Gen.Elements(0.05, 0.3, 1.0, 4.0)
         select (labels.Select((y, i) => i switch { 0 or 3 => 0, 1 or 2 => 1, _ => y }).ToArray(),
             steps.Select((s, i) => i switch { 0 => 1.0, 1 => -1.0, 2 => 2.0, 3 => -2.0, _ => s * scale / 10 }).ToArray())).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property The_fit_is_no_worse_than_the_logits_as_they_are_nor_than_any_nearby_slope_and_intercept() =>
        Prop.ForAll(Cases, c =>
        {
            var fit = PlattScaling.Fit(c.Actual, c.Z).Match(v => v, e => throw new InvalidOperationException(e.Message));
            double best = PlattScaling.Loss(c.Actual, c.Z, fit.Slope, fit.Intercept);
            var nearby = from da in new[] { -1e-3, 0, 1e-3 } from db in new[] { -1e-3, 0, 1e-3 } select PlattScaling.Loss(c.Actual, c.Z, fit.Slope + da, fit.Intercept + db);
            return (best <= PlattScaling.Loss(c.Actual, c.Z, 1, 0) + 1e-15 && nearby.All(l => l >= best - 1e-13)).Label($"a {fit.Slope}, b {fit.Intercept}, loss {best}");
        });

    [Fact]
    public void The_fit_equals_scipys_minimisation_of_the_same_log_loss()
    {
        // Numbers from scipy 1.10 optimize.minimize(method="trust-exact") of mean(logaddexp(0, a·z + b) − y·(a·z + b)) with
        // its exact gradient and Hessian; scikit-learn 1.2 LogisticRegression(penalty=None, tol=1e-12) on z gives
        // a = 1.9432341272, b = −0.0266440181 (its lbfgs stops at 1e-8).
        double[] z = [-2.0, -1.5, -0.7, -0.3, 0.0, 0.2, 0.4, 0.9, 1.3, 2.1, -1.1, 0.6];
        int[] y = [0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0, 1];
        var fit = PlattScaling.Fit(y, z).Match(v => v, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(1.943234137600595, fit.Slope, 1e-9);
        Assert.Equal(-0.026644014411656394, fit.Intercept, 1e-9);
        Assert.Equal(0.42564894937562264, PlattScaling.Loss(y, z, fit.Slope, fit.Intercept), 1e-12);
    }

    [Fact]
    public void Separated_constant_and_bad_rows_are_errors()
    {
        string Code(int[] y, double[] z) => PlattScaling.Fit(y, z).Match(_ => "", e => e.Code);
        Assert.Equal("calibration.separable", Code([0, 0, 1, 1], [-1, 0, 0, 2]));
        Assert.Equal("calibration.separable", Code([1, 1, 1], [-1, 0, 2]));
        Assert.Equal("calibration.uninformative", Code([0, 1, 0], [0.5, 0.5, 0.5]));
        Assert.Equal("calibration.rows", Code([0, 2], [0.1, 0.2]));
        Assert.Equal("calibration.rows", Code([0, 1], [0.1, double.NaN]));
        Assert.Equal("calibration.rows", Code([], []));
    }
}
