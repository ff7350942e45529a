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

namespace FunctionalNet.Tests.Calculus;

/// <summary>Algebraic laws of prediction, cost and gradient over random networks and batches.</summary>
public class NetworkProperties
{
    private static readonly (Activation Hidden, Loss Loss)[] Mixes =
    [
        (Activation.Sigmoid, Loss.BinaryCrossEntropy), (Activation.Tanh, Loss.CrossEntropy),
        (Activation.Relu, Loss.SquaredError), (Activation.Elu(2), Loss.CrossEntropy), (Activation.LeakyRelu(0.1), Loss.BinaryCrossEntropy),
    ];

    public static TheoryData<int> MixIndices() => [.. Enumerable.Range(0, Mixes.Length)];

    [Theory]
    [MemberData(nameof(MixIndices))]
    public void Batch_gradient_is_the_mean_of_per_sample_gradients(int mix) =>
        Properties.Check(Prop.ForAll(RandomNetworks.Cases(Mixes[mix].Hidden, Mixes[mix].Loss, kinkMargin: 0), c =>
        {
            // The data term only: L2's λ/(2m) is scaled by the batch size, so it is not a per-sample mean.
            var arch = c.Architecture.WithLambda(0).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
            var (_, whole) = Network.CostAndGradient(arch, c.Parameters, c.Batch);
            var mean = new double[whole.Count];
            for (int r = 0; r < c.Batch.Count; r++)
            {
                var (_, g) = Network.CostAndGradient(arch, c.Parameters, Row(c.Batch, r));
                for (int i = 0; i < mean.Length; i++) mean[i] += g.Flat[i] / c.Batch.Count;
            }
            for (int i = 0; i < mean.Length; i++)
                Assert.True(Math.Abs(mean[i] - whole.Flat[i]) <= 1e-12 * Math.Max(1, Math.Abs(mean[i])), $"{c}: entry {i}");
        }));

    [Theory]
    [MemberData(nameof(MixIndices))]
    public void Predicting_a_batch_equals_predicting_its_rows_one_by_one(int mix) =>
        Properties.Check(Prop.ForAll(RandomNetworks.Cases(Mixes[mix].Hidden, Mixes[mix].Loss, kinkMargin: 0), c =>
        {
            var all = Network.Predict(c.Architecture, c.Parameters, c.Batch.Features);
            for (int r = 0; r < c.Batch.Count; r++)
            {
                var one = Network.Predict(c.Architecture, c.Parameters, Row(c.Batch, r).Features);
                Assert.True(one.Row(0).SequenceEqual(all.Row(r)), $"{c}: row {r} differs");
            }
        }));

    [Property(MaxTest = 200)]
    public Property Softmax_rows_sum_to_one_and_cost_is_never_negative() =>
        Prop.ForAll(RandomNetworks.Cases(Activation.Tanh, Loss.CrossEntropy, kinkMargin: 0), c =>
        {
            var a = Network.Predict(c.Architecture, c.Parameters, c.Batch.Features);
            for (int r = 0; r < a.Rows; r++)
            {
                double sum = 0;
                foreach (var v in a.Row(r)) { Assert.InRange(v, 0, 1); sum += v; }
                Assert.True(Math.Abs(sum - 1) < 1e-12, $"{c}: row {r} sums to {sum:R}");
            }
            Assert.True(Network.Cost(c.Architecture, c.Parameters, c.Batch) >= 0);
        });

    [Theory]
    [MemberData(nameof(MixIndices))]
    public void Cost_is_never_negative_and_float_agrees_with_double(int mix) =>
        Properties.Check(Prop.ForAll(RandomNetworks.Cases(Mixes[mix].Hidden, Mixes[mix].Loss, kinkMargin: 0), c =>
        {
            double cost = Network.Cost(c.Architecture, c.Parameters, c.Batch);
            float single = Network.Cost(c.Architecture, c.Parameters.Convert<float>(),
                new Batch<float>(c.Batch.Features.Convert<float>(), c.Batch.Targets.Convert<float>()));
            Assert.True(cost >= 0, $"{c}: cost {cost}");
            Assert.True(Math.Abs(single - cost) <= 1e-4 * Math.Max(1, cost), $"{c}: float {single} vs double {cost}");
        }));

    [Fact]
    public void Shape_mismatches_are_rejected_with_the_numbers()
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [4], 2, 5, false, 1);
        var wrong = Matrix<double>.Zeros(2, 4);
        var e = Assert.Throws<ArgumentException>(() => Network.Predict(c.Architecture, c.Parameters, wrong));
        Assert.Contains("expects 3 features, found 4", e.Message, StringComparison.Ordinal);
    }

    private static Batch<double> Row(Batch<double> batch, int r) => new(batch.Features.Slice(r, 1), batch.Targets.Slice(r, 1));
}
