using System.Numerics;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;
using Xunit;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// The slot route with whole-batch products (<see cref="SlotBackpropagation{T}"/>): one forward pass and δ recursion over a
/// run of slots, then each slot's leaf from its rows, gives the bits of every slot computed alone by
/// <see cref="OneSlot"/> — in float and double, weighted or not, with dropout, for any run of slots a
/// process may hold, at one and two threads.
/// </summary>
public class SlotBackpropagationProperties
{
    private static readonly (string Hidden, string Loss)[] Pairs =
        [.. ActivationLossPairs.All().Select(row => ((string)row[0], (string)row[1]))];

    // Widths and rows straddle the vector widths, the products' 8-row tiles and their direct/narrow/packed thresholds, so the
    // whole-run products and a slot's shorter ones often take different GEMM paths.
    private static Arbitrary<(SlotCase Case, int Ranks, int Rank, bool Single)> Cases() =>
        (from pair in Gen.Elements(Pairs)
         let loss = Loss.Parse(pair.Loss)!
         from output in Gen.Elements(RandomNetworks.OutputsFor(loss))
         from hidden in Gen.Choose(1, 3)
         from widths in Gen.ArrayOf(Gen.Choose(1, 40), hidden)
         from inputs in Gen.Choose(1, 40)
         from outputs in Gen.Choose(1, 12)
         from rows in Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(1, 300))
         from withL2 in Gen.Elements(false, true)
         from seed in Gen.Choose(0, int.MaxValue)
         from slots in Gen.Elements(1, 2, 4, 8)
         from weighted in Gen.Elements(false, true)
         from dropped in Gen.Elements(false, true)
         from log in Gen.Choose(0, 3)
         from rank in Gen.Choose(0, 7)
         from single in Gen.Elements(false, true)
         let plain = RandomNetworks.Build(ActivationLossPairs.Resolve(pair.Hidden), output, loss, inputs, widths, outputs, rows, withL2, seed)
         let c = weighted ? WeightedCases.Weighted(plain) : plain
         let dropout = dropped ? new DropoutDraw(Enumerable.Repeat(0.3, hidden).ToArray(), Rng.Create((ulong)seed).Fork(7)) : (DropoutDraw?)null
         let ranks = Math.Min(1 << log, slots)
         select (new SlotCase(c, slots, dropout, false), ranks, rank % ranks, single)).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property Whole_run_products_give_the_bits_of_each_slot_alone() =>
        Prop.ForAll(Cases(), t => (t.Single ? Agree<float>(t.Case, t.Ranks, t.Rank) : Agree<double>(t.Case, t.Ranks, t.Rank))
            .Label($"{t.Case}, process {t.Rank} of {t.Ranks}, {(t.Single ? "float" : "double")}"));

    // wide-adam's network and batch: its first-layer products run on two threads over the whole batch, one over a slot.
    [Fact]
    public void A_wide_batch_of_two_slots_gives_the_bits_of_each_slot_alone()
    {
        var c = RandomNetworks.Build(Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 784, [256, 128], 10, 128, withL2: false, seed: 5);
        Assert.True(Agree<float>(new SlotCase(c, 2, null, false), 1, 0));
    }

    // digits-adam's network with four slots of 100 rows (two pairs of leaves, each pair formed on two threads), weighted,
    // with dropout: the whole run and one process's pair, float and double.
    [Fact]
    public void Digits_slots_formed_in_pairs_give_the_bits_of_each_slot_alone()
    {
        var plain = RandomNetworks.Build(Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 64, [100], 10, 400, withL2: false, seed: 9);
        var c = new SlotCase(WeightedCases.Weighted(plain), 4, new DropoutDraw([0.2], Rng.Create(3)), false);
        Assert.True(Agree<float>(c, 1, 0) && Agree<float>(c, 2, 1), "float");
        Assert.True(Agree<double>(c, 1, 0) && Agree<double>(c, 2, 0), "double");
    }

    // The same pairs when the run's crew declines them (the run timed its helpers slower): each leaf is formed on the caller.
    [Fact]
    public void Digits_slots_whose_pairs_the_crew_declines_give_the_bits_of_each_slot_alone()
    {
        var plain = RandomNetworks.Build(Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 64, [100], 10, 400, withL2: false, seed: 9);
        var c = new SlotCase(WeightedCases.Weighted(plain), 4, new DropoutDraw([0.2], Rng.Create(3)), false);
        int calls = 0;
        Assert.True(Agree<float>(c, 1, 0, new Parallelism(2) { Crew = new KernelCrew(1, () => false) }), "float, never");
        Assert.True(Agree<double>(c, 1, 0, new Parallelism(2) { Crew = new KernelCrew(1, () => (calls++ & 1) == 0) }), "double, every other");
    }

    // The route's root and loss sum over this process's slots at two threads, against each slot run alone at one thread
    // (a fresh workspace sized for the slot) and pushed onto a tree of its own.
    private static bool Agree<T>(SlotCase c, int ranks, int rank, Parallelism? parallelism = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (arch, batch) = (c.Case.Architecture, c.Case.Batch);
        int m = batch.Count, share = c.Slots / ranks, first = rank * share, end = first + share;
        var theta = c.Case.Parameters.Convert<T>().Flat;
        var x = batch.Features.Convert<T>().Span;
        var y = batch.Targets.Convert<T>().Span;
        var w = batch.WeightSpan.ToArray().Select(T.CreateTruncating).ToArray();
        double total = SampleWeights.Total<T>(w, m);

        var tree = new SlotTree<T>(arch.Layout.Count, share);
        tree.Clear();
        new SlotBackpropagation<T>(new Workspace<T>(arch, 1, parallelism ?? new Parallelism(2))).Run(tree, theta, x, y, w, m, c.Slots, first, end, total, true, c.Dropout);

        var reference = new SlotTree<T>(arch.Layout.Count, share);
        reference.Clear();
        for (int s = first; s < end; s++)
        {
            int lo = s * m / c.Slots, rows = (s + 1) * m / c.Slots - lo;
            double loss = 0;
            var leaf = reference.Leaf;
            if (rows == 0) leaf.Clear();
            else
                loss = OneSlot.Run(new Workspace<T>(arch, rows, new Parallelism(1)), theta, x.Slice(lo * arch.Inputs, rows * arch.Inputs),
                    y.Slice(lo * arch.Outputs, rows * arch.Outputs), rows, leaf, total, true, w.Length == 0 ? default : w.AsSpan(lo, rows),
                    c.Dropout is { } d ? d with { FirstRow = lo } : null);
            reference.Push(loss);
        }
        var (got, expected) = (tree.Root, reference.Root);
        return MemoryMarshal.AsBytes(got.Sum.Span).SequenceEqual(MemoryMarshal.AsBytes(expected.Sum.Span))
            && BitConverter.DoubleToInt64Bits(got.Loss) == BitConverter.DoubleToInt64Bits(expected.Loss);
    }
}
