using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Hardening;

/// <summary>Extreme numbers give finite results or a stated stop reason, never a silent NaN.</summary>
public class NumericalExtremeTests
{
    private static readonly double[] Magnitudes = [1e-300, 5e-324, 1e-150, 1e-8, 1, 1e8, 1e150, 1e300, 1.7e308];

    private static bool Finite(ReadOnlySpan<double> values)
    {
        foreach (double v in values) if (!double.IsFinite(v)) return false;
        return true;
    }

    private static bool Finite(ReadOnlySpan<float> values)
    {
        foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true;
    }

    private static Matrix<double> Column(double magnitude, int rows, Rng rng)
    {
        var x = new double[rows * 2];
        rng.FillUniform<double>(x, -1, 1);
        for (int i = 0; i < x.Length; i++) x[i] *= magnitude;
        return Matrix<double>.Create(rows, 2, x);
    }

    [Property(MaxTest = 300)]
    public Property The_standard_scaler_fits_huge_and_tiny_magnitudes_to_finite_unit_columns() =>
        Prop.ForAll(Gen.Elements(Magnitudes).ToArbitrary(), Gen.Choose(2, 40).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (magnitude, rows, seed) =>
        {
            var x = Column(magnitude, rows, Rng.Create((ulong)seed));
            var scaler = StandardScaler.Fit(x);
            var z = scaler.Transform(x);
            Assert.True(Finite(scaler.Mean.AsSpan()) && Finite(scaler.Scale.AsSpan()), $"mean {string.Join(", ", scaler.Mean)}, scale {string.Join(", ", scaler.Scale)} at magnitude {magnitude}");
            Assert.True(Finite(z.Span), $"transformed values are not finite at magnitude {magnitude}");
            Assert.All(scaler.Scale, s => Assert.True(s > 0));
            var minMax = MinMaxScaler.Fit(x).Transform(x);
            Assert.True(Finite(minMax.Span) && minMax.Span.ToArray().All(v => v is >= -1e-12 and <= 1 + 1e-12), $"min-max gives values outside [0, 1] at magnitude {magnitude}");
        });

    [Fact]
    public void Constant_features_scale_to_zero_not_nan()
    {
        foreach (double value in new[] { 0.0, 1.0, -3e300, 1.7e308, 5e-324, 1e-300 })
        {
            var x = Matrix<double>.Create(5, 2, [value, 1, value, 2, value, 3, value, 4, value, 5]);
            var standard = StandardScaler.Fit(x).Transform(x);
            var minMax = MinMaxScaler.Fit(x).Transform(x);
            for (int r = 0; r < 5; r++)
            {
                Assert.Equal(0.0, standard[r, 0]);
                Assert.True(double.IsFinite(minMax[r, 0]), $"min-max of a constant {value} gave {minMax[r, 0]}");
            }
            Assert.True(Finite(standard.Span) && Finite(minMax.Span), $"constant column {value}");
        }
    }

    [Fact]
    public void One_sample_batches_give_finite_costs_and_gradients_equal_to_the_full_batch_row()
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 3, [5], 3, 4, true, 11);
        for (int i = 0; i < 4; i++)
        {
            var one = new Batch<double>(c.Batch.Features.SelectRows([i]), c.Batch.Targets.SelectRows([i]));
            var (cost, gradient) = Network.CostAndGradient(c.Architecture, c.Parameters, one);
            Assert.True(double.IsFinite(cost) && Finite(gradient.Flat), $"sample {i}");
            var report = GradientCheck.Run(c.Architecture, c.Parameters, one);
            Assert.True(report.MaxRelativeError < 1e-6, $"sample {i}: {report.MaxRelativeError}");
        }
    }

    [Theory]
    [InlineData(1e4)]
    [InlineData(-1e4)]
    [InlineData(1e6)]
    public void Logits_of_ten_thousand_give_finite_costs_and_gradients_in_both_precisions(double logit)
    {
        foreach (var (output, loss, outputs) in new[] { (Activation.Softmax, Loss.CrossEntropy, 3), (Activation.Sigmoid, Loss.BinaryCrossEntropy, 1) })
        {
            var arch = Architecture.Mlp([2, outputs], Activation.Identity, output, loss).Get();
            // Weights 0, biases ±logit (alternating for softmax), so every logit is exactly ±logit or 0 whatever the input.
            var flat = new double[arch.Layout.Count];
            for (int k = 0; k < outputs; k++) flat[arch.Layout.Slots[0].BiasOffset + k] = k % 2 == 0 ? logit : -logit;
            var p = Parameters<double>.FromFlat(arch.Layout, flat);
            var x = Matrix<double>.Create(2, 2, [1, 2, 3, 4]);
            // Targets on a losing logit (softmax: class 1 when logit > 0, else class 0; sigmoid: the opposite label),
            // so the loss of each sample is |logit| (sigmoid) or 2|logit| (softmax) and the gradient saturates.
            int wrong = logit > 0 ? 1 : 0;
            var targets = Matrix<double>.Create(2, outputs, [.. Enumerable.Range(0, 2 * outputs).Select(i => outputs == 1
                ? (logit > 0 ? 0.0 : 1.0)
                : i % outputs == wrong ? 1.0 : 0.0)]);
            var batch = new Batch<double>(x, targets);
            var (cost, gradient) = Network.CostAndGradient(arch, p, batch);
            Assert.True(double.IsFinite(cost) && Finite(gradient.Flat), $"{loss.Name}, logit {logit}: cost {cost}");
            Assert.True(cost >= Math.Abs(logit) / 2, $"{loss.Name}, logit {logit}: the loss of a confident mistake is about |logit|, found {cost}");
            var (cost32, gradient32) = Network.CostAndGradient(arch, p.Convert<float>(), new Batch<float>(x.Convert<float>(), targets.Convert<float>()));
            Assert.True(float.IsFinite(cost32) && Finite(gradient32.Flat), $"{loss.Name}, float32, logit {logit}: cost {cost32}");
            Assert.Equal(cost, cost32, Math.Abs(cost) * 1e-6);
            Assert.True(Finite(Network.Predict(arch, p.Convert<float>(), x.Convert<float>()).Span));
        }
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e6)]
    [InlineData(1e300)]
    public void Huge_and_tiny_inputs_saturate_to_finite_predictions_and_gradients_in_both_precisions(double magnitude)
    {
        var c = RandomNetworks.Build(Activation.Sigmoid, Activation.Softmax, Loss.CrossEntropy, 2, [4], 2, 6, true, 3);
        var x = Matrix<double>.Create(6, 2, [.. c.Batch.Features.Span.ToArray().Select(v => v * magnitude)]);
        var (cost, gradient) = Network.CostAndGradient(c.Architecture, c.Parameters, new Batch<double>(x, c.Batch.Targets));
        Assert.True(double.IsFinite(cost) && Finite(gradient.Flat), $"float64 at {magnitude}: cost {cost}");
        // float32 cannot hold 1e300: the input itself is infinite there, and the network must still not produce NaN silently.
        var x32 = x.Convert<float>();
        if (Finite(x32.Span))
        {
            var (cost32, gradient32) = Network.CostAndGradient(c.Architecture, c.Parameters.Convert<float>(), new Batch<float>(x32, c.Batch.Targets.Convert<float>()));
            Assert.True(float.IsFinite(cost32) && Finite(gradient32.Flat), $"float32 at {magnitude}: cost {cost32}");
            Assert.True(Finite(Network.Predict(c.Architecture, c.Parameters.Convert<float>(), x32).Span));
        }
    }

    [Theory]
    [InlineData(1e3)]
    [InlineData(1e-12)]
    public void Extreme_learning_rates_end_finite_or_with_a_diverged_stop_on_every_route(double rate)
    {
        var arch = Architecture.Mlp([2, 6, 1], Activation.Relu, Activation.Identity, Loss.SquaredError).Get();
        var c = RandomNetworks.Build(Activation.Relu, Activation.Identity, Loss.SquaredError, 2, [6], 1, 30, true, 5);
        var data = new Batch<double>(c.Batch.Features, Matrix<double>.Create(30, 1, [.. c.Batch.Features.Span.ToArray().Where((_, i) => i % 2 == 0).Select(v => 10 * v)]));
        var start = Initializer.Xavier.Initialize<double>(arch, Rng.Create(9));
        var options = TrainingOptions.Create(60).Get();
        TrainingOptions Batched(Batching batching) => TrainingOptions.Create(60, batching, Rng.Create(2)).Get();
        var routes = new Dictionary<string, IEnumerable<TrainingIterate<double>>>
        {
            ["full-batch sgd"] = Train.Fit(arch, data, Rules.Sgd(rate).Get(), start, options).Get(),
            ["stochastic sgd"] = Train.Fit(arch, data, Rules.Sgd(rate).Get(), start, Batched(Batching.WithReplacement())).Get(),
            ["mini-batch momentum"] = Train.Fit(arch, data, Rules.Momentum(rate).Get(), start, Batched(Batching.Shuffled(4))).Get(),
            ["mini-batch adam"] = Train.Fit(arch, data, Rules.Adam(rate).Get(), start, Batched(Batching.Shuffled(4))).Get(),
            ["full-batch rmsprop"] = Train.Fit(arch, data, Rules.RmsProp(rate).Get(), start, options).Get(),
        };
        foreach (var (route, trace) in routes)
        {
            var all = trace.ToList();
            var last = all[^1];
            Assert.NotNull(last.Stop);
            Assert.All(all, it => Assert.True(double.IsFinite(it.TrainingCost) && Finite(it.Parameters.Flat), $"{route} at rate {rate}: epoch {it.Epoch} is not finite"));
            if (rate < 1e-6)
            {
                Assert.NotEqual(StopKind.Diverged, last.Stop!.Kind);
                Assert.Equal(all[0].TrainingCost, last.TrainingCost, all[0].TrainingCost * 1e-6);
            }
        }
        // Plain SGD at 1e3 on this regression must blow up, and say so rather than return NaN.
        if (rate > 1) Assert.Equal(StopKind.Diverged, routes["full-batch sgd"].Last().Stop!.Kind);
    }

    [Fact]
    public void A_class_absent_from_a_split_gives_finite_metrics_and_training()
    {
        // Class 2 has a single sample: a stratified 25 % split leaves it out of one side.
        var features = Matrix<double>.Create(9, 1, [0, 0.1, 0.2, 1, 1.1, 1.2, 0.05, 1.05, 2]);
        var data = Dataset.Classification(features, [0, 0, 0, 1, 1, 1, 0, 1, 2], ["a", "b", "c"]);
        var (train, test) = Split.TrainTest(data, 0.25, Rng.Create(1));
        Assert.True(!train.Labels.Contains(2) || !test.Labels.Contains(2), "the single sample of class 2 is on one side only");
        foreach (var part in new[] { train, test })
        {
            var arch = Baselines.LogisticRegression(1, 3).Get();
            var batch = part.ToBatch<double>(arch);
            var p = Initializer.Xavier.Initialize<double>(arch, Rng.Create(4));
            var (cost, gradient) = Network.CostAndGradient(arch, p, batch);
            Assert.True(double.IsFinite(cost) && Finite(gradient.Flat));
            var predicted = Network.PredictLabels(arch, p, batch.Features);
            var report = ClassificationReport.Compute(part.Labels, predicted, data.Classes.ClassNames);
            Assert.True(double.IsFinite(report.Accuracy) && double.IsFinite(report.MacroAverage.F1) && double.IsFinite(report.WeightedAverage.F1),
                $"report on {part.Count} samples: {report}");
            Assert.All(report.Classes, r => Assert.True(double.IsFinite(r.Precision) && double.IsFinite(r.Recall) && double.IsFinite(r.F1), $"class {r}"));
        }
    }
}
