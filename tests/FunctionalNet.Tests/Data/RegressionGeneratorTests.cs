using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

public class RegressionGeneratorTests
{
    [Property(MaxTest = 100)]
    public Property Friedman1_without_noise_is_its_formula_on_uniform_inputs_and_depends_only_on_the_key() =>
        Prop.ForAll<ulong, byte, byte>((seed, samples, extra) =>
        {
            int m = samples % 50 + 1, n = 5 + extra % 6;
            var data = RegressionGenerators.Friedman1(Rng.Create(seed), m, n);
            var again = RegressionGenerators.Friedman1(Rng.Create(seed), m, n);
            var y = ((ValueTargets)data.Targets).Values;
            bool formula = Enumerable.Range(0, m).All(i =>
            {
                var x = data.Features.Row(i);
                // scikit-learn's make_friedman1, sklearn/datasets/_samples_generator.py
                double expected = 10 * Math.Sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3] + 5 * x[4];
                return y[i, 0] == expected;
            });
            return (formula && data.Features.Span.ToArray().All(v => v >= 0 && v < 1) && data.FeatureCount == n && y.Cols == 1
                && data.Features.Span.SequenceEqual(again.Features.Span) && y.Span.SequenceEqual(((ValueTargets)again.Targets).Values.Span)).Label($"{m}×{n}");
        });

    [Fact]
    public void Friedman1_noise_is_gaussian_with_the_given_spread_and_leaves_the_inputs_alone()
    {
        var clean = RegressionGenerators.Friedman1(Rng.Create(5), 20_000);
        var noisy = RegressionGenerators.Friedman1(Rng.Create(5), 20_000, noise: 0.5);
        Assert.True(clean.Features.Span.SequenceEqual(noisy.Features.Span));
        var a = ((ValueTargets)clean.Targets).Values.Span.ToArray();
        var b = ((ValueTargets)noisy.Targets).Values.Span.ToArray();
        var residual = b.Zip(a, (x, y) => x - y).ToArray();
        // 20 000 draws: the standard errors of the mean and the variance are 0.0035 and 0.0025, so these bounds are over five sigma.
        Assert.InRange(residual.Average(), -0.02, 0.02);
        Assert.InRange(residual.Select(r => r * r).Average(), 0.25 - 0.015, 0.25 + 0.015);
    }

    [Fact]
    public void Friedman1_needs_five_features()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionGenerators.Friedman1(Rng.Create(1), 10, features: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionGenerators.Friedman1(Rng.Create(1), 10, noise: -1));
    }
}
