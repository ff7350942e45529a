namespace FunctionalNet.Training;

/// <summary>
/// The processes of a data-parallel run, as the engine sees them: each computes its share of every mini-batch's slots
/// (<see cref="SlotCount"/>) and hands its subtree's sum to <see cref="AllGather"/>, which only moves bytes; the engine
/// adds the gathered sums itself in the slot tree's order, so every process, and a single process with the same slots,
/// steps with the same bits. An implementation (MPI in <c>FunctionalNet.Mpi</c>) brings the transport; the core stays free of it.
/// </summary>
public abstract class SlotExchange
{
    /// <summary>This process's index, 0 ≤ rank &lt; <see cref="Ranks"/>.</summary>
    public abstract int Rank { get; }

    /// <summary>The number of processes: a power of two dividing the slot count.</summary>
    public abstract int Ranks { get; }

    /// <summary>
    /// Collective: every process passes the same number of bytes, and <paramref name="all"/> (<see cref="Ranks"/> × that
    /// many) receives each process's in rank order. Every process must call it at the same step.
    /// </summary>
    public abstract void AllGather(ReadOnlySpan<byte> mine, Span<byte> all);
}
