using FunctionalNet.Training;

namespace FunctionalNet.Tests.Support;

/// <summary>
/// Processes simulated by threads: a <see cref="SlotExchange"/> per rank whose all-gather meets the others at a barrier,
/// as MPI_Allgather does, so the engine's sharing logic runs without MPI.
/// </summary>
internal sealed class ThreadRanks : IDisposable
{
    private readonly byte[][] parts;
    private readonly Barrier barrier;

    private ThreadRanks(int ranks)
    {
        parts = new byte[ranks][];
        barrier = new Barrier(ranks);
    }

    /// <summary>Runs <paramref name="body"/> once per rank, each on its own thread with its own exchange, and returns the results in rank order.</summary>
    public static TResult[] Run<TResult>(int ranks, Func<SlotExchange, TResult> body)
    {
        using var shared = new ThreadRanks(ranks);
        var tasks = Enumerable.Range(0, ranks)
            .Select(k => Task.Factory.StartNew(() => body(new RankExchange(shared, k)), TaskCreationOptions.LongRunning)).ToArray();
        // A rank that failed leaves the others waiting at the barrier: a bound, not a hang, ends such a test.
        if (!Task.WaitAll(tasks, TimeSpan.FromSeconds(60))) throw new TimeoutException($"{ranks} simulated ranks did not finish");
        return [.. tasks.Select(t => t.Result)];
    }

    public void Dispose() => barrier.Dispose();

    private sealed class RankExchange(ThreadRanks shared, int rank) : SlotExchange
    {
        public override int Rank => rank;

        public override int Ranks => shared.parts.Length;

        public override void AllGather(ReadOnlySpan<byte> mine, Span<byte> all)
        {
            shared.parts[rank] = mine.ToArray();
            shared.barrier.SignalAndWait();
            for (int k = 0; k < Ranks; k++) shared.parts[k].CopyTo(all[(k * mine.Length)..]);
            // Nobody overwrites its part for the next call before everyone has read this one.
            shared.barrier.SignalAndWait();
        }
    }
}
