using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;
using static FunctionalNet.Tests.Support.WeightedCases;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// <see cref="Network.Cost{T}"/> over more rows than one block costs them a block at a time (so a large set never has a
/// whole-set forward pass): the result is the one-pass cost up to the rounding of adding block sums, for every loss,
/// with and without weights and L2, and the same bits at every thread count.
/// </summary>
public class BlockedCostProperties
{
    private static readonly (Activation Output, Loss Loss)[] Pairs =
        [(Activation.Sigmoid, Loss.BinaryCrossEntropy), (Activation.Softmax, Loss.CrossEntropy), (Activation.Identity, Loss.SquaredError)];

    private static Gen<NetworkCase> Large =>
        from pair in Gen.Elements(Pairs)
        from hidden in Gen.Elements(Activation.Tanh, Activation.Relu)
        from inputs in Gen.Choose(1, 4)
        from width in Gen.Choose(1, 6)
        from outputs in Gen.Choose(pair.Loss == Loss.CrossEntropy ? 2 : 1, 3)
        from rows in Gen.Choose(16_385, 40_000)
        from withL2 in ArbMap.Default.GeneratorFor<bool>()
        from seed in Gen.Choose(0, 10_000)
        select RandomNetworks.Build(hidden, pair.Output, pair.Loss, inputs, [width], outputs, rows, withL2, seed);

    [Property(MaxTest = 12)]
    public Property A_blocked_cost_is_the_one_pass_cost_up_to_rounding_and_the_same_bits_at_any_thread_count() =>
        Prop.ForAll(Large.ToArbitrary(), ArbMap.Default.GeneratorFor<bool>().ToArbitrary(), (c, weighted) =>
        {
            var d = weighted ? Weighted(c) : c;
            var pass = ForwardPass<double>.Run(d.Architecture, d.Parameters.Flat, d.Batch.Features.Span, d.Batch.Count, Parallelism.Default);
            double onePass = Network.CostOf(d.Architecture, d.Parameters.Flat, pass, d.Batch.Targets.Span, d.Batch.WeightSpan);
            double blocked = Network.Cost(d.Architecture, d.Parameters, d.Batch, new Parallelism(1));
            double threaded = Network.Cost(d.Architecture, d.Parameters, d.Batch, new Parallelism(2));
            double relative = Math.Abs(blocked - onePass) / Math.Abs(onePass);
            return (relative < 1e-12).Label($"{d}: blocked {blocked:R} vs one pass {onePass:R} (relative {relative:E2})")
                .And((BitConverter.DoubleToInt64Bits(blocked) == BitConverter.DoubleToInt64Bits(threaded)).Label($"{d}: 1 vs 2 threads"));
        });
}
