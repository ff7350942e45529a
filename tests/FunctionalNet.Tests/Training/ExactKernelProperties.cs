using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// <see cref="KernelChoice.Exact"/> training of a narrow network (which <see cref="KernelChoice.Fast"/> sends through the
/// fused kernel) equals, bit for bit, the fold of the pure functions: <c>Network.CostAndGradient</c>, then the rule's
/// <c>Update</c> and <c>Apply</c>, epoch after epoch; and the plan picks the route the choice allows.
/// </summary>
public sealed class ExactKernelProperties
{
    [Property(MaxTest = 40)]
    public Property Exact_full_batch_training_is_the_fold_of_the_pure_functions() =>
        Prop.ForAll(NarrowCases.Cases(), Gen.Elements(true, false).ToArbitrary(), Gen.Choose(1, 3).ToArbitrary(), (c, adam, epochs) =>
        {
            var rule = adam ? Rules.Adam(0.01).Get() : Rules.Sgd(0.1).Get();
            var theta = c.Parameters.Flat.ToImmutableArray();
            var state = rule.Init<double>(theta.Length);
            for (int e = 0; e < epochs; e++)
            {
                var gradient = Network.CostAndGradient(c.Architecture, Parameters<double>.FromFlat(c.Architecture.Layout, theta.AsSpan()), c.Batch)
                    .Gradient.Flat.ToImmutableArray();
                (var step, state) = rule.Update(gradient, state, theta);
                theta = UpdateRule.Apply(theta, step);
            }
            var options = TrainingOptions.Create(maxEpochs: epochs, rng: Rng.Create(1), kernels: KernelChoice.Exact).Get();
            var trained = Train.Fit(c.Architecture, c.Batch, rule, c.Parameters, options).Get().Last().Parameters.Flat.ToArray();
            return WeightedCases.Bits(trained).SequenceEqual(WeightedCases.Bits(theta.AsSpan())).Label($"{c}, adam: {adam}, epochs: {epochs}");
        });

    [Property(MaxTest = 60)]
    public Property The_plan_takes_the_narrow_kernel_only_when_fast_allows_it() =>
        Prop.ForAll(NarrowCases.Cases(), Gen.Elements(Batching.Full, Batching.Shuffled(48)).ToArbitrary(), (c, batching) =>
        {
            KernelPlan Plan(KernelChoice kernels) => KernelPlan.For<double>(c.Architecture,
                TrainingOptions.Create(batching: batching, kernels: kernels).Get(), 48, true, false, false, false);
            return (Plan(KernelChoice.Fast) is KernelPlan.Narrow && Plan(KernelChoice.Exact) is KernelPlan.Layered).Label(c.ToString());
        });
}
