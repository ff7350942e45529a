using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;
using static FunctionalNet.Tests.Support.WeightedCases;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// Sample weights in the cost Σ wᵢ ℓᵢ / Σ wᵢ + λ/(2m) Σ w², its gradient and its Hessian-vector products, over random
/// networks of every activation × loss pair: all-ones weights are the unweighted bits, the derivatives agree with
/// differences, and the weights mean what they say (a weight of 2 is a duplicated row, 0 a removed one).
/// </summary>
public class WeightedCostProperties
{
    [Property(MaxTest = 150)]
    public Property All_ones_weights_give_the_unweighted_cost_gradient_and_hessian_product_bit_for_bit() =>
        Prop.ForAll(AnyPair(kinkMargin: 0).ToArbitrary(), c =>
        {
            var ones = With(c, [.. Enumerable.Repeat(1.0, c.Batch.Count)]);
            var v = Parameters<double>.FromFlat(c.Architecture.Layout, Draw(c.Architecture.Layout.Count, c.Seed + 1));
            var (cost, gradient) = Network.CostAndGradient(c.Architecture, c.Parameters, c.Batch);
            var (weightedCost, weightedGradient) = Network.CostAndGradient(c.Architecture, c.Parameters, ones.Batch);
            var hv = HessianVector.Product(c.Architecture, c.Parameters, c.Batch, v);
            var weightedHv = HessianVector.Product(c.Architecture, c.Parameters, ones.Batch, v);

            // float32 too: the weighted row scale 1·(1/m) must round as the unweighted 1/m does.
            var single = new Batch<float>(c.Batch.Features.Convert<float>(), c.Batch.Targets.Convert<float>());
            var singleOnes = new Batch<float>(single.Features, single.Targets, Matrix<float>.Create(c.Batch.Count, 1, [.. Enumerable.Repeat(1f, c.Batch.Count)]));
            var (cost32, gradient32) = Network.CostAndGradient(c.Architecture, c.Parameters.Convert<float>(), single);
            var (weightedCost32, weightedGradient32) = Network.CostAndGradient(c.Architecture, c.Parameters.Convert<float>(), singleOnes);

            return (BitConverter.DoubleToInt64Bits(cost) == BitConverter.DoubleToInt64Bits(weightedCost)).Label($"{c}: cost")
                .And(Bits(gradient.Flat).SequenceEqual(Bits(weightedGradient.Flat)).Label($"{c}: gradient"))
                .And(Bits(hv.Flat).SequenceEqual(Bits(weightedHv.Flat)).Label($"{c}: H·v"))
                .And((BitConverter.SingleToInt32Bits(cost32) == BitConverter.SingleToInt32Bits(weightedCost32)).Label($"{c}: float32 cost"))
                .And(gradient32.Flat.ToArray().Select(BitConverter.SingleToInt32Bits).SequenceEqual(weightedGradient32.Flat.ToArray().Select(BitConverter.SingleToInt32Bits))
                    .Label($"{c}: float32 gradient"));
        });

    [Property(MaxTest = 150)]
    public Property Weighted_gradient_matches_central_differences_for_every_activation_and_loss() =>
        Prop.ForAll(AnyPair().ToArbitrary(), c =>
        {
            var weighted = Weighted(c);
            var report = GradientCheck.Run(weighted.Architecture, weighted.Parameters, weighted.Batch);
            return (report.MaxRelativeError < 1e-6).Label(
                $"{weighted}: relative error {report.MaxRelativeError:E3} at {report.Location} (analytic {report.Analytic:R}, numeric {report.Numeric:R})");
        });

    [Property(MaxTest = 80)]
    public Property Weighted_hessian_vector_product_matches_differences_of_the_weighted_gradient() =>
        // The kink margin of the unweighted Hv check: steps of ε·|v| must not cross a kink.
        Prop.ForAll(AnyPair(kinkMargin: 2e-2, maxHidden: 3, maxWidth: 8).ToArbitrary(), c =>
        {
            const double Eps = 1e-5;
            var w = Weighted(c);
            var v = Parameters<double>.FromFlat(c.Architecture.Layout, Draw(c.Architecture.Layout.Count, c.Seed + 2));
            var hv = HessianVector.Product(w.Architecture, w.Parameters, w.Batch, v);
            var plus = Network.CostAndGradient(w.Architecture, w.Parameters.AddScaled(Eps, v), w.Batch).Gradient;
            var minus = Network.CostAndGradient(w.Architecture, w.Parameters.AddScaled(-Eps, v), w.Batch).Gradient;
            double error = 0, scale = 0;
            for (int i = 0; i < hv.Count; i++)
            {
                error = Math.Max(error, Math.Abs(hv.Flat[i] - (plus.Flat[i] - minus.Flat[i]) / (2 * Eps)));
                scale = Math.Max(scale, Math.Abs(hv.Flat[i]));
            }
            return (error <= 1e-6 * (1 + scale)).Label($"{w}: max |Hv − ΔG| = {error:E3} (max |Hv| = {scale:E3})");
        });

    [Property(MaxTest = 100)]
    public Property Scaling_every_weight_by_a_power_of_two_changes_no_bit() =>
        // Σwℓ/Σw is invariant under w → cw; for c = 4 every rounding step scales exactly, so the bits agree.
        Prop.ForAll(AnyPair(kinkMargin: 0).ToArbitrary(), c =>
        {
            var w = Draw(c.Batch.Count, c.Seed);
            var (cost, gradient) = Network.CostAndGradient(c.Architecture, c.Parameters, With(c, w).Batch);
            var (scaledCost, scaledGradient) = Network.CostAndGradient(c.Architecture, c.Parameters, With(c, [.. w.Select(x => 4 * x)]).Batch);
            return (BitConverter.DoubleToInt64Bits(cost) == BitConverter.DoubleToInt64Bits(scaledCost)).Label($"{c}: cost {cost:R} vs {scaledCost:R}")
                .And(Bits(gradient.Flat).SequenceEqual(Bits(scaledGradient.Flat)).Label($"{c}: gradient"));
        });

    [Property(MaxTest = 100)]
    public Property A_weight_of_two_is_a_duplicated_row_and_a_weight_of_zero_a_removed_one() =>
        Prop.ForAll(AnyPair(kinkMargin: 0).ToArbitrary(), c =>
        {
            int m = c.Batch.Count;
            // Row 0 twice as heavy, the last row (when there are two or more) weightless: against the batch with row 0
            // repeated and the last row dropped.
            var weights = Enumerable.Range(0, m).Select(i => i == 0 ? 2.0 : i == m - 1 && m > 1 ? 0.0 : 1.0).ToArray();
            int[] rows = [0, .. Enumerable.Range(0, m > 1 ? m - 1 : m)];
            var arch = c.Architecture.WithLambda(0).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
            var expected = Network.CostAndGradient(arch, c.Parameters, new Batch<double>(c.Batch.Features.SelectRows(rows), c.Batch.Targets.SelectRows(rows)));
            var actual = Network.CostAndGradient(arch, c.Parameters, With(c, weights).Batch);
            bool close = Math.Abs(expected.Cost - actual.Cost) <= 1e-12 * Math.Max(1, Math.Abs(expected.Cost));
            for (int i = 0; i < expected.Gradient.Count; i++)
                close &= Math.Abs(expected.Gradient.Flat[i] - actual.Gradient.Flat[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected.Gradient.Flat[i]));
            return close.Label($"{c}: weighted cost {actual.Cost:R}, duplicated rows {expected.Cost:R}");
        });

    [Fact]
    public void All_zero_weights_leave_only_the_l2_term()
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 3, [4], 3, 5, true, 8);
        var (cost, gradient) = Network.CostAndGradient(c.Architecture, c.Parameters, With(c, new double[5]).Batch);
        double l2 = c.Architecture.Lambda / (2.0 * 5) * Network.SumOfSquaredWeights(c.Architecture.Layout, c.Parameters.Flat);
        Assert.Equal(l2, cost, 1e-15);
        foreach (var slot in c.Architecture.Layout.Slots)
            for (int i = 0; i < slot.Outputs; i++) Assert.Equal(0, gradient.Flat[slot.BiasOffset + i]);
    }

    [Fact]
    public void Negative_non_finite_or_misshapen_weights_are_refused_by_the_batch()
    {
        var x = Matrix<double>.Zeros(2, 1);
        Assert.Throws<ArgumentException>(() => new Batch<double>(x, x, Matrix<double>.Create(2, 1, [1, -1])));
        Assert.Throws<ArgumentException>(() => new Batch<double>(x, x, Matrix<double>.Create(2, 1, [1, double.NaN])));
        Assert.Throws<ArgumentException>(() => new Batch<double>(x, x, Matrix<double>.Create(1, 1, [1])));
    }
}
