using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;
using Xunit;
using static FunctionalNet.Tests.Support.WeightedCases;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// A mini-batch's gradient over slots: the balanced-tree sum of the slots' own gradients bit for bit at every thread
/// count, the batch's mean gradient up to rounding, and the default slot count's rule.
/// </summary>
public class SlotGradientProperties
{
    [Property(MaxTest = 60)]
    public Property The_batch_gradient_is_the_tree_sum_of_its_slots_at_any_thread_count() =>
        Prop.ForAll(SlotCases.Any(), c =>
        {
            var expected = TreeOfSlots(c);
            var one = c.Run(threads: 1);
            var three = c.Run(threads: 3);
            return Bits(one.Gradient).SequenceEqual(Bits(expected)).Label($"{c}: one thread differs from the tree of slots")
                .And(Bits(three.Gradient).SequenceEqual(Bits(one.Gradient)).Label($"{c}: three threads differ from one"))
                .And((BitConverter.DoubleToInt64Bits(three.Cost) == BitConverter.DoubleToInt64Bits(one.Cost)).Label($"{c}: the costs differ"));
        });

    [Property(MaxTest = 40)]
    public Property Without_dropout_the_slotted_gradient_is_the_batch_gradient_up_to_rounding() =>
        Prop.ForAll(SlotCases.Any(), c =>
        {
            var plain = c with { Dropout = null };
            var (cost, gradient) = plain.Run(threads: 1);
            var (wholeCost, whole) = Network.CostAndGradient(c.Case.Architecture, c.Case.Parameters, c.Case.Batch);
            double scale = Math.Max(1, whole.Flat.ToArray().Max(Math.Abs));
            double worst = gradient.Zip(whole.Flat.ToArray(), (a, b) => Math.Abs(a - b)).Max() / scale;
            return (worst < 1e-10).Label($"{c}: gradient off by {worst:E2}")
                .And((Math.Abs(cost - wholeCost) <= 1e-10 * Math.Max(1, Math.Abs(wholeCost))).Label($"{c}: cost {cost} against {wholeCost}"));
        });

    [Theory]
    [InlineData(1, 1)]
    [InlineData(127, 1)]
    [InlineData(128, 2)]
    [InlineData(200, 2)]
    [InlineData(256, 4)]
    [InlineData(511, 4)]
    [InlineData(512, 8)]
    [InlineData(60000, 8)]
    public void The_default_gives_each_slot_at_least_64_rows_and_at_most_8_slots(int rows, int slots) =>
        Assert.Equal(slots, SlotCount.For(rows, 0));

    // The reference: every slot as its own pass (rows [s·m/S, (s+1)·m/S), scaled by the whole batch's total, dropout drawn
    // for its rows' places), added recursively as a balanced tree, then the L2 term once — written apart from SlotTree.
    private static double[] TreeOfSlots(SlotCase c)
    {
        var (arch, batch) = (c.Case.Architecture, c.Case.Batch);
        int m = batch.Count, inputs = arch.Inputs, outputs = arch.Outputs, n = arch.Layout.Count;
        var w = batch.WeightSpan.ToArray();
        double total = SampleWeights.Total<double>(w, m);
        var leaves = Enumerable.Range(0, c.Slots).Select(s =>
        {
            int lo = s * m / c.Slots, rows = (s + 1) * m / c.Slots - lo;
            var g = new double[n];
            if (rows == 0) return g;
            var x = batch.Features.Span.Slice(lo * inputs, rows * inputs);
            var y = batch.Targets.Span.Slice(lo * outputs, rows * outputs);
            var ws = w.Length == 0 ? default : w.AsSpan(lo, rows);
            if (c.Narrow) new NarrowGradient<double>(arch).RunSlot(c.Case.Parameters.Flat, x, y, rows, g, total, false, ws);
            else OneSlot.Run(new Workspace<double>(arch, rows), c.Case.Parameters.Flat, x, y, rows, g, total, false, ws,
                c.Dropout is { } d ? d with { FirstRow = lo } : null);
            return g;
        }).ToArray();
        var sum = Tree(leaves, 0, leaves.Length);
        var theta = c.Case.Parameters.Flat;
        foreach (var s in arch.Layout.Slots)
            for (int i = s.WeightOffset; i < s.WeightOffset + s.WeightCount; i++) sum[i] = theta[i] * (arch.Lambda / m) + sum[i];
        return sum;
    }

    private static double[] Tree(double[][] leaves, int first, int count) => count == 1 ? leaves[first]
        : Tree(leaves, first, count / 2).Zip(Tree(leaves, first + count / 2, count / 2), (a, b) => a + b).ToArray();
}
