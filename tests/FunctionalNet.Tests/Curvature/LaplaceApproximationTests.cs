using FunctionalNet.Curvature;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Curvature;

/// <summary>The low-rank Laplace predictive: more spread away from the data, deterministic, one row independent of the others.</summary>
public sealed class LaplaceApproximationTests
{
    private static readonly Lazy<(Classifier Model, Dataset Train, LaplaceApproximation Laplace)> Moons = new(() =>
    {
        var train = Generators.Moons(Rng.Create(5), 200, 0.1);
        var model = Classifier.Fit(train, new MlpOptions { Layers = [16], Epochs = 300, BatchSize = 50, Patience = 0 })
            .Match(m => m, e => throw new InvalidOperationException(string.Join("; ", e.Select(x => x.Message))));
        var laplace = LaplaceApproximation.Fit(model.Architecture, CostBatch.Weights(model.Weights), CostBatch.Of(model, train.Features, train.Labels))
            .Match(l => l, e => throw new InvalidOperationException(e.Message));
        return (model, train, laplace);
    });

    private static double[] Spread(Matrix<double> raw) => Moons.Value.Laplace.Spread(Moons.Value.Model.Scaler?.Apply(raw) ?? raw);

    [Fact]
    public void On_moons_the_spread_grows_away_from_the_training_data()
    {
        var (_, train, _) = Moons.Value;
        // A ring far outside the moons (which lie in [−1, 2] × [−0.5, 1]), around their centre.
        int count = 64;
        var far = new double[count * 2];
        for (int i = 0; i < count; i++)
        {
            double angle = 2 * Math.PI * i / count, radius = 6 + i % 4;
            far[2 * i] = 0.5 + radius * Math.Cos(angle);
            far[2 * i + 1] = 0.25 + radius * Math.Sin(angle);
        }
        double near = Spread(train.Features).Average(), away = Spread(Matrix<double>.Create(count, 2, far)).Average();
        Assert.True(away > 2 * near, $"mean spread {near:F4} on the training points, {away:F4} far from them");
    }

    [Fact]
    public void A_row_gets_the_same_spread_alone_as_among_others_and_again()
    {
        var features = Moons.Value.Train.Features;
        var all = Spread(features);
        Assert.Equal(all, Spread(features));
        var rows = new[] { 3, 17, 150 };
        var some = Spread(features.SelectRows(rows));
        Assert.Equal(rows.Select(r => all[r]), some);
        Assert.All(all, s => Assert.True(s >= 0 && double.IsFinite(s)));
    }

    [Fact]
    public void A_network_without_probabilities_or_a_bad_prior_is_refused()
    {
        var (model, train, _) = Moons.Value;
        var weights = CostBatch.Weights(model.Weights);
        var batch = CostBatch.Of(model, train.Features, train.Labels);
        Assert.Equal("laplace.prior", LaplaceApproximation.Fit(model.Architecture, weights, batch, priorPrecision: 0).Match(_ => "", e => e.Code));
        Assert.Equal("laplace.rank", LaplaceApproximation.Fit(model.Architecture, weights, batch, rank: 0).Match(_ => "", e => e.Code));
        var regression = Architecture.Create(2, [new Layer(1, Activation.Identity)], Loss.SquaredError, 0)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        var p = Parameters<double>.Zeros(regression.Layout);
        Assert.Equal("laplace.outputs", LaplaceApproximation.Fit(regression, p, new Batch<double>(train.Features, Matrix<double>.Create(train.Count, 1, new double[train.Count]))).Match(_ => "", e => e.Code));
    }

    /// <summary>
    /// A calibrated model's spread is that of its calibrated probability: the identity calibrations (T = 1, Platt a = 1,
    /// b = 0) give the uncalibrated spread to rounding, a very high temperature flattens every probability to 1/2 (no
    /// spread left), and a temperature of 2 changes it.
    /// </summary>
    [Fact]
    public void A_calibrated_spread_is_the_spread_of_the_calibrated_probability()
    {
        var (model, train, laplace) = Moons.Value;
        var x = model.Scaler?.Apply(train.Features) ?? train.Features;
        var plain = laplace.Spread(x);
        foreach (var identity in new Calibration[] { new Calibration.Temperature(1), new Calibration.Platt(1, 0) })
            Assert.All(plain.Zip(laplace.Spread(x, calibration: identity)), p => Assert.Equal(p.Item1, p.Item2, 1e-12));
        Assert.All(laplace.Spread(x, calibration: new Calibration.Temperature(1e9)), s => Assert.True(s < 1e-8, $"spread {s} at T = 1e9"));
        var warm = laplace.Spread(x, calibration: new Calibration.Temperature(2));
        Assert.True(plain.Zip(warm).Count(p => Math.Abs(p.Item1 - p.Item2) > 1e-6) > train.Count / 2, "T = 2 left most spreads unchanged");
    }
}
