using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Support;

/// <summary>A random network and batch, its slot count, and whether it is weighted, dropped out or run by the fused kernel.</summary>
internal sealed record SlotCase(NetworkCase Case, int Slots, DropoutDraw? Dropout, bool Narrow)
{
    public override string ToString() => $"{Case}, {Slots} slot(s){(Dropout is null ? "" : ", dropout")}{(Narrow ? ", fused kernel" : "")}";

    /// <summary>
    /// The batch's gradient and cost over the slot tree, computed by this process's share of the slots through
    /// <paramref name="exchange"/> (all of them without), with products on <paramref name="threads"/> threads.
    /// </summary>
    public (double Cost, double[] Gradient) Run(int threads, SlotExchange? exchange = null)
    {
        var (cost, gradient, _) = Run(threads, exchange, stop: false);
        return (cost, gradient);
    }

    /// <summary>As <see cref="Run(int, SlotExchange?)"/>, with this process's wish to <paramref name="stop"/> and whether any process's was.</summary>
    public (double Cost, double[] Gradient, bool StopAll) Run(int threads, SlotExchange? exchange, bool stop)
    {
        var (arch, batch) = (Case.Architecture, Case.Batch);
        var workspace = new Workspace<double>(arch, batch.Count, new Parallelism(threads));
        var slotted = new SlotGradient<double>(arch, Slots, exchange, workspace, Narrow ? new NarrowGradient<double>(arch) : null);
        var gradient = new double[arch.Layout.Count];
        double cost = slotted.Run(Case.Parameters.Flat, batch.Features.Span, batch.Targets.Span, batch.WeightSpan, batch.Count, gradient, true,
            Dropout, stop, out bool stopAll);
        return (cost, gradient, stopAll);
    }
}

/// <summary>Random slot cases over every activation × loss pair: 1–150 rows, 1–8 slots, weighted or not, with or without dropout.</summary>
internal static class SlotCases
{
    private static readonly (string Hidden, string Loss)[] Pairs =
        [.. ActivationLossPairs.All().Select(row => ((string)row[0], (string)row[1]))];

    public static Arbitrary<SlotCase> Any() =>
        (from pair in Gen.Elements(Pairs)
         let loss = Loss.Parse(pair.Loss)!
         from output in Gen.Elements(RandomNetworks.OutputsFor(loss))
         from hidden in Gen.Choose(1, 3)
         from widths in Gen.ArrayOf(Gen.Choose(1, 20), hidden)
         from inputs in Gen.Choose(1, 20)
         from outputs in Gen.Choose(1, 5)
         from rows in Gen.Choose(1, 150)
         from withL2 in Gen.Elements(false, true)
         from seed in Gen.Choose(0, int.MaxValue)
         from slots in Gen.Elements(1, 2, 4, 8)
         from weighted in Gen.Elements(false, true)
         from dropped in Gen.Elements(false, true)
         from fused in Gen.Elements(false, true)
         let plain = RandomNetworks.Build(ActivationLossPairs.Resolve(pair.Hidden), output, loss, inputs, widths, outputs, rows, withL2, seed)
         let c = weighted ? WeightedCases.Weighted(plain) : plain
         let narrow = fused && !dropped && NarrowNetwork.Qualifies(c.Architecture)
         let dropout = dropped ? new DropoutDraw(Enumerable.Repeat(0.3, hidden).ToArray(), Rng.Create((ulong)seed).Fork(7)) : (DropoutDraw?)null
         select new SlotCase(c, slots, dropout, narrow)).ToArbitrary();
}
