using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// <c>Train.Fit</c> takes the fused narrow-network gradient exactly when the network qualifies (narrow layers,
/// activations and loss the kernel computes), and the layer-by-layer one otherwise: a full-batch SGD step equals, bit for
/// bit, the pure rule applied to the gradient of the path the rule selects. Its steps are the same at every thread count.
/// </summary>
public sealed class NarrowSelectionProperties
{
    private static readonly Activation[] AnyHidden = [.. NarrowCases.Hidden, Activation.Elu(1.5), Activation.LeakyRelu(0.1)];

    private static readonly (Activation Output, Loss Loss)[] AnyOutput =
        [.. NarrowCases.Outputs, (Activation.Softmax, Loss.SquaredError), (Activation.Elu(1.5), Loss.SquaredError)];

    private static Arbitrary<NetworkCase> Networks() =>
        (from hiddenCount in Gen.Choose(1, 2)
         from w1 in Gen.OneOf(Gen.Choose(1, 8), Gen.Choose(NarrowNetwork.MaxWidth - 2, NarrowNetwork.MaxWidth + 3))
         from w2 in Gen.Choose(1, 8)
         from inputs in Gen.OneOf(Gen.Choose(1, 4), Gen.Choose(NarrowNetwork.MaxWidth - 1, NarrowNetwork.MaxWidth + 2))
         from outputs in Gen.Choose(1, 3)
         from rows in Gen.Choose(1, 90)
         from hidden in Gen.Elements(AnyHidden)
         from pair in Gen.Elements(AnyOutput)
         from seed in Gen.Choose(0, int.MaxValue)
         select RandomNetworks.Build(hidden, pair.Output, pair.Loss, inputs, new[] { w1, w2 }[..hiddenCount], outputs, rows, false, seed))
        .Where(c => RandomNetworks.KinkDistance(c) >= 1e-6)
        .ToArbitrary();

    [Property(MaxTest = 120)]
    public Property The_rule_picks_the_fused_path_exactly_for_narrow_supported_networks() =>
        Prop.ForAll(Networks(), c =>
        {
            var a = c.Architecture;
            bool narrow = a.Inputs <= 16 && a.Layers.All(l => l.Units <= 16);
            bool hidden = a.Layers.Take(a.Layers.Length - 1).All(l => l.Activation is Identity or Sigmoid or Tanh or Relu);
            bool output = a.Loss is SquaredError
                ? a.Output.Activation is Identity or Sigmoid or Tanh or Relu
                : true; // bce and ce pair only with sigmoid and softmax, which the kernel takes
            return (NarrowNetwork.Qualifies(a) == (narrow && hidden && output)).Label(c.ToString());
        });

    [Property(MaxTest = 80)]
    public Property A_full_batch_step_uses_the_selected_gradient() =>
        Prop.ForAll(Networks(), c =>
        {
            var a = c.Architecture;
            var rule = Rules.Sgd(0.1).Get();
            var theta = c.Parameters.Flat.ToImmutableArray();
            var gradient = new double[theta.Length];
            if (NarrowNetwork.Qualifies(a)) new NarrowGradient<double>(a).Run(theta.AsSpan(), c.Batch, gradient);
            else Network.CostAndGradient(a, c.Parameters, c.Batch).Gradient.Flat.CopyTo(gradient);
            var (step, _) = rule.Update(gradient.ToImmutableArray(), rule.Init<double>(theta.Length), theta);
            var expected = UpdateRule.Apply(theta, step);

            var options = TrainingOptions.Create(maxEpochs: 1, rng: Rng.Create(1)).Get();
            var trained = Train.Fit(a, c.Batch, rule, c.Parameters, options).Get().Last().Parameters.Flat.ToArray();
            return WeightedCases.Bits(trained).SequenceEqual(WeightedCases.Bits(expected.AsSpan())).Label($"{c}, fused: {NarrowNetwork.Qualifies(a)}");
        });

    [Property(MaxTest = 40)]
    public Property Fused_training_gives_the_same_bits_at_every_thread_count() =>
        Prop.ForAll(NarrowCases.Cases(), Gen.Elements(Batching.Full, Batching.Shuffled(48)).ToArbitrary(), (c, batching) =>
        {
            double[] Run(int threads)
            {
                var options = TrainingOptions.Create(maxEpochs: 3, batching: batching, rng: Rng.Create(2), parallelism: new Parallelism(threads)).Get();
                return Train.Fit(c.Architecture, c.Batch, Rules.Adam(0.01).Get(), c.Parameters, options).Get().Last().Parameters.Flat.ToArray();
            }
            return WeightedCases.Bits(Run(1)).SequenceEqual(WeightedCases.Bits(Run(2))).Label(c.ToString());
        });
}
