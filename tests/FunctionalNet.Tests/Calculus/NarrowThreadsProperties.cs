using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// The fused narrow-network gradient over batches of several chunks (<see cref="NarrowChunks{T}"/>) gives the same bits
/// on 1, 2 and 3 threads, still agrees with backpropagation to rounding, and full-batch training through
/// <c>Train.Fit</c> gives the same bits at every <see cref="Parallelism"/>; <see cref="KernelChoice.Exact"/> training is
/// still the fold of the pure functions at every thread count.
/// </summary>
public sealed class NarrowThreadsProperties
{
    private static Arbitrary<int> Threads => Gen.Choose(2, 3).ToArbitrary();

    [Property(MaxTest = 40)]
    public Property Shared_chunks_give_the_bits_of_one_thread() =>
        Prop.ForAll(NarrowCases.Cases(kinkMargin: 0, rows: NarrowCases.ChunkedRows), Threads, Gen.Elements(true, false).ToArbitrary(), (c, threads, withCost) =>
        {
            var (oneCost, one) = Gradient(c, 1, withCost);
            var (manyCost, many) = Gradient(c, threads, withCost);
            return (WeightedCases.Bits(one).SequenceEqual(WeightedCases.Bits(many))
                    && BitConverter.DoubleToInt64Bits(oneCost) == BitConverter.DoubleToInt64Bits(manyCost))
                .Label($"{c}, threads: {threads}, with cost: {withCost}");
        });

    [Property(MaxTest = 30)]
    public Property Shared_chunks_agree_with_backpropagation() =>
        Prop.ForAll(NarrowCases.Cases(rows: NarrowCases.ChunkedRows), Threads, (c, threads) =>
        {
            var (cost, gradient) = Gradient(c, threads, true);
            var (expectedCost, expected) = Network.CostAndGradient(c.Architecture, c.Parameters, c.Batch);
            double scale = expected.Flat.ToArray().Max(Math.Abs);
            bool close = Math.Abs(cost - expectedCost) <= 1e-12 * Math.Max(1, Math.Abs(expectedCost))
                && gradient.Zip(expected.Flat.ToArray()).All(p => Math.Abs(p.Item1 - p.Item2) <= 1e-10 * (scale + 1e-3));
            return close.Label($"{c}, threads: {threads}");
        });

    [Property(MaxTest = 20)]
    public Property Full_batch_training_gives_the_same_bits_at_every_parallelism() =>
        Prop.ForAll(NarrowCases.Cases(kinkMargin: 0, rows: NarrowCases.ChunkedRows), Threads, (c, threads) =>
        {
            var one = Fit(c, KernelChoice.Fast, 1);
            return WeightedCases.Bits(one).SequenceEqual(WeightedCases.Bits(Fit(c, KernelChoice.Fast, threads))).Label($"{c}, threads: {threads}");
        });

    [Property(MaxTest = 15)]
    public Property Exact_training_is_the_fold_of_the_pure_functions_at_every_parallelism() =>
        Prop.ForAll(NarrowCases.Cases(kinkMargin: 0, rows: NarrowCases.ChunkedRows), Gen.Choose(1, 3).ToArbitrary(), (c, threads) =>
        {
            var rule = Rules.Sgd(0.1).Get();
            var theta = c.Parameters.Flat.ToImmutableArray();
            var state = rule.Init<double>(theta.Length);
            for (int e = 0; e < Epochs; e++)
            {
                var gradient = Network.CostAndGradient(c.Architecture, Parameters<double>.FromFlat(c.Architecture.Layout, theta.AsSpan()), c.Batch)
                    .Gradient.Flat.ToImmutableArray();
                (var step, state) = rule.Update(gradient, state, theta);
                theta = UpdateRule.Apply(theta, step);
            }
            return WeightedCases.Bits(Fit(c, KernelChoice.Exact, threads)).SequenceEqual(WeightedCases.Bits(theta.AsSpan())).Label($"{c}, threads: {threads}");
        });

    private const int Epochs = 2;

    // The kernel's cost and gradient on `threads` threads, sharing the chunks from any row count.
    private static (double Cost, double[] Gradient) Gradient(NetworkCase c, int threads, bool withCost)
    {
        var gradient = new double[c.Parameters.Count];
        var narrow = new NarrowGradient<double>(c.Architecture, new Parallelism(threads), parallelRows: 0);
        double cost = narrow.Run(c.Parameters.Flat, c.Batch, gradient, withCost);
        return (cost, gradient);
    }

    private static double[] Fit(NetworkCase c, KernelChoice kernels, int threads)
    {
        var options = TrainingOptions.Create(maxEpochs: Epochs, rng: Rng.Create(3), parallelism: new Parallelism(threads), kernels: kernels).Get();
        return Train.Fit(c.Architecture, c.Batch, Rules.Sgd(0.1).Get(), c.Parameters, options).Get().Last().Parameters.Flat.ToArray();
    }
}
