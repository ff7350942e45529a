using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// The engine's row-source seam: a source that is not the in-memory batch but hands out the same order and rows trains
/// to the same bits as <c>Train.Fit</c> on the batch, blocked whole-set costs equal the in-memory cost,
/// and only shuffled mini-batches are accepted.
/// </summary>
public class RowSourceTests
{
    /// <summary>A batch behind the interface only (not the engine's own in-memory source), with an order of its choosing.</summary>
    private sealed class ForeignRows(Batch<double> batch, Action<Rng, Span<int>> order) : IRowSource<double>
    {
        public int Count => batch.Count;

        public int Inputs => batch.Features.Cols;

        public int Outputs => batch.Targets.Cols;

        public void Order(Rng draws, Span<int> rows) => order(draws, rows);

        public void Gather(ReadOnlySpan<int> rows, Span<double> features, Span<double> targets)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                batch.Features.Row(rows[i]).CopyTo(features.Slice(i * Inputs, Inputs));
                batch.Targets.Row(rows[i]).CopyTo(targets.Slice(i * Outputs, Outputs));
            }
        }
    }

    private static readonly Arbitrary<(int Seed, int BatchSize, string Rule)> Cases =
        (from seed in Gen.Choose(0, int.MaxValue)
         from size in Gen.Choose(1, 40)
         from rule in Gen.Elements("sgd", "adam", "momentum", "rmsprop")
         select (seed, size, rule)).ToArbitrary();

    [Property(MaxTest = 40)]
    public Property A_foreign_source_with_the_batch_order_trains_to_the_same_bits() =>
        Prop.ForAll(Cases, c =>
        {
            var p = RandomNetworks.Build(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 4, [7], 3, 60, false, c.Seed);
            var validation = new Batch<double>(p.Batch.Features.SelectRows([.. Enumerable.Range(40, 20)]), p.Batch.Targets.SelectRows([.. Enumerable.Range(40, 20)]));
            var train = new Batch<double>(p.Batch.Features.SelectRows([.. Enumerable.Range(0, 40)]), p.Batch.Targets.SelectRows([.. Enumerable.Range(0, 40)]));
            var rule = Rules.ByName(c.Rule, 0.01).Get();
            var options = TrainingOptions.Create(6, Batching.Shuffled(c.BatchSize), Rng.Create((ulong)c.Seed), epochCost: EpochCost.Exact).Get();
            var memory = Train.Fit(p.Architecture, train, rule, p.Parameters, options, validation).Get().ToList();
            var foreign = Train.Fit(p.Architecture, new ForeignRows(train, (d, o) => d.Permute(o)), rule, p.Parameters, options,
                new ForeignRows(validation, (d, o) => d.Permute(o))).Get().ToList();
            return memory.Count == foreign.Count && memory.Zip(foreign, (a, b) =>
                RuleRunProperties.Bits(a.Parameters.Flat).SequenceEqual(RuleRunProperties.Bits(b.Parameters.Flat))
                && a.TrainingCost.Equals(b.TrainingCost) && a.ValidationCost.Equals(b.ValidationCost)).All(same => same);
        });

    [Property(MaxTest = 10)]
    public Property A_blocked_cost_over_several_blocks_equals_the_in_memory_cost() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(Network.CostBlockRows + 1, 3 * Network.CostBlockRows).ToArbitrary(), (seed, rows) =>
        {
            var p = RandomNetworks.Build(Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 3, [5], 4, rows, true, seed);
            double whole = Network.Cost(p.Architecture, p.Parameters, p.Batch);
            double blocked = RowSources.Cost(p.Architecture, p.Parameters, new ForeignRows(p.Batch, (d, o) => d.Permute(o)));
            var (evaluated, predicted, truth) = RowSources.Evaluate(p.Architecture, p.Parameters, new ForeignRows(p.Batch, (d, o) => d.Permute(o)));
            var (counted, accuracy) = RowSources.Accuracy(p.Architecture, p.Parameters, new ForeignRows(p.Batch, (d, o) => d.Permute(o)));
            // One walk serves all three: a foreign source's blocks are the in-memory cost's blocks, so the sums agree to the bit.
            return whole.Equals(blocked) && evaluated.Equals(blocked) && counted.Equals(blocked)
                && accuracy.Equals(ClassificationMetrics.Accuracy(truth, predicted))
                && predicted.SequenceEqual(Network.PredictLabels(p.Architecture, p.Parameters, p.Batch.Features))
                && truth.SequenceEqual(Network.Labels(p.Batch.Targets));
        });

    [Property(MaxTest = 10)]
    public Property Scores_are_the_outputs_with_the_evaluated_true_labels_instead_of_the_targets() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 3 * Network.CostBlockRows).ToArbitrary(), Gen.Elements(1, 4).ToArbitrary(), (seed, rows, k) =>
        {
            var p = k == 1 ? RandomNetworks.Build(Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [5], 1, rows, true, seed)
                : RandomNetworks.Build(Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 3, [5], k, rows, true, seed);
            ForeignRows Source() => new(p.Batch, (d, o) => d.Permute(o));
            var (scoredCost, outputs, truth) = RowSources.Scores(p.Architecture, p.Parameters, Source());
            var (cost, expected, targets) = RowSources.Outputs(p.Architecture, p.Parameters, Source());
            var (_, _, evaluated) = RowSources.Evaluate(p.Architecture, p.Parameters, Source());
            return scoredCost.Equals(cost) && RuleRunProperties.Bits(outputs.Span).SequenceEqual(RuleRunProperties.Bits(expected.Span))
                && truth.SequenceEqual(evaluated) && truth.SequenceEqual(Network.Labels(targets));
        });

    [Fact]
    public void Only_shuffled_mini_batches_are_accepted()
    {
        var p = RandomNetworks.Build(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 2, [3], 2, 10, false, 1);
        var source = new ForeignRows(p.Batch, (d, o) => d.Permute(o));
        foreach (var batching in new[] { Batching.Full, Batching.WithReplacement() })
        {
            var options = TrainingOptions.Create(2, batching).Get();
            var errors = Train.Fit(p.Architecture, source, Rules.ByName("sgd", 0.1).Get(), p.Parameters, options).Match(_ => [], e => e.ToList());
            Assert.Equal("training.batching", Assert.Single(errors).Code);
        }
    }
}
