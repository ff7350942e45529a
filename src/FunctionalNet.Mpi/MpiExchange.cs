using FunctionalNet.Training;

namespace FunctionalNet.Mpi;

/// <summary>
/// The processes of an <c>mpirun</c> or <c>srun</c> job as a <see cref="SlotExchange"/>: every process sends its bytes to
/// every other over MPI_COMM_WORLD with nonblocking point-to-point calls, nothing summed by MPI (its reductions differ
/// between algorithms and process counts). Every exchange has a deadline: a process that hears nothing from another
/// for the collective timeout says which one in a line and ends the job (MPI_Abort, exit 2), so a process that failed or
/// hangs never leaves the others waiting. Start it once per process and dispose of it at the end (MPI_Finalize); MPI
/// cannot be started again in the same process.
/// </summary>
public sealed unsafe class MpiExchange : SlotExchange, IDisposable
{
    // One tag for every exchange: MPI keeps messages between two processes on one tag in order, and exchanges are ordered.
    private const int Tag = 30;

    // Process 0 waits the timeout, the others this much longer, so a live process 0 is usually the one that speaks.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private readonly MpiLibrary mpi;
    private readonly TimeSpan timeout;
    private readonly Action<string> say;
    private bool finalized;

    private MpiExchange(MpiLibrary mpi, int rank, int ranks, TimeSpan timeout, Action<string> say)
    {
        this.mpi = mpi;
        Rank = rank;
        Ranks = ranks;
        this.timeout = rank == 0 ? timeout : timeout + Grace;
        this.say = say;
    }

    /// <inheritdoc/>
    public override int Rank { get; }

    /// <inheritdoc/>
    public override int Ranks { get; }

    /// <summary>The MPI library in use (its file name).</summary>
    public string Library => mpi.Name;

    /// <summary>The exchanges done so far: once there is one, the other processes may be waiting on this one.</summary>
    public long Exchanges { get; private set; }

    /// <summary>
    /// Loads the machine's MPI library and joins the job (MPI_Init), or says in one line why it cannot. An exchange that
    /// hears nothing from a process for <paramref name="timeout"/> hands <paramref name="say"/> one line and ends the job.
    /// </summary>
    public static LanguageExt.Either<Error, MpiExchange> Start(TimeSpan timeout, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(say);
        if (MpiLibrary.Load(out string? problem) is not { } mpi)
            return new Error("mpi.library", $"no MPI library could be loaded ({problem}); install Open MPI (openmpi-bin) or MPICH");
        int flag = 0, rank = 0, size = 0, finalized = 0;
        // MPI cannot start again once finalized (MPI_Initialized stays true): a second run in one process is refused.
        if (mpi.Finalized(&finalized) == 0 && finalized != 0)
            return new Error("mpi.init", $"MPI has already ended in this process ({mpi.Name} cannot start again); run one --distributed training per process");
        if (mpi.Initialized(&flag) != 0 || flag == 0 && mpi.Init(null, null) != 0)
            return new Error("mpi.init", $"MPI_Init failed in {mpi.Name}");
        if (mpi.CommRank(mpi.CommWorld, &rank) != 0 || mpi.CommSize(mpi.CommWorld, &size) != 0)
            return new Error("mpi.init", $"{mpi.Name} gave no rank or size for MPI_COMM_WORLD");
        return new MpiExchange(mpi, rank, size, timeout, say);
    }

    /// <inheritdoc/>
    public override void AllGather(ReadOnlySpan<byte> mine, Span<byte> all)
    {
        int n = mine.Length;
        if (all.Length != n * Ranks)
            throw new ArgumentException($"expected {n * Ranks} bytes for {Ranks} processes, found {all.Length}", nameof(all));
        Exchanges++;
        mine.CopyTo(all.Slice(Rank * n, n));
        // Receives first, one per other process (its index is the sender's place among them), then the sends.
        int peers = Ranks - 1;
        Span<nint> requests = stackalloc nint[2 * peers];
        requests.Clear();
        fixed (byte* send = mine, receive = all)
        fixed (nint* request = requests)
        {
            for (int k = 0; k < peers; k++)
            {
                int peer = Peer(k);
                Check(mpi.Irecv(receive + (long)peer * n, n, mpi.Byte, peer, Tag, mpi.CommWorld, request + k), "MPI_Irecv");
            }
            for (int k = 0; k < peers; k++)
                Check(mpi.Isend(send, n, mpi.Byte, Peer(k), Tag, mpi.CommWorld, request + peers + k), "MPI_Isend");
            Wait(request, peers);
        }
    }

    // The k-th other process.
    private int Peer(int k) => k < Rank ? k : k + 1;

    // Tests every request until all are done or the deadline passes: yielding at first, then sleeping a millisecond.
    private void Wait(nint* request, int peers)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        byte* status = stackalloc byte[MpiLibrary.StatusBytes];
        Span<bool> done = stackalloc bool[2 * peers];
        done.Clear();
        while (true)
        {
            bool all = true;
            for (int k = 0; k < done.Length; k++)
            {
                if (done[k]) continue;
                int flag = 0;
                Check(mpi.Test(request + k, &flag, status), "MPI_Test");
                done[k] = flag != 0;
                all &= done[k];
            }
            if (all) return;
            var waited = System.Diagnostics.Stopwatch.GetElapsedTime(start);
            if (waited > timeout)
            {
                var silent = new List<int>();
                for (int k = 0; k < peers; k++)
                    if (!done[k]) silent.Add(Peer(k));
                End(silent.Count == 0
                    ? $"rank {Rank}: no other process took its share within {timeout.TotalSeconds:0.#} s at exchange {Exchanges}; ending all {Ranks} processes"
                    : $"rank {Rank}: nothing from rank {string.Join(", ", silent)} within {timeout.TotalSeconds:0.#} s at exchange {Exchanges} (failed or hung); ending all {Ranks} processes");
            }
            if (waited < TimeSpan.FromMilliseconds(10)) Thread.Yield();
            else Thread.Sleep(1);
        }
    }

    private void Check(int code, string call)
    {
        if (code != 0) End($"rank {Rank}: {call} failed with code {code} at exchange {Exchanges}; ending all {Ranks} processes");
    }

    /// <summary>Says <paramref name="line"/> and ends every process of the job with exit code 2 (MPI_Abort); does not return.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void End(string line)
    {
        say(line);
        Abort(2);
        Environment.Exit(2); // MPI_Abort ends this process too; this is for a library that returned from it
    }

    /// <summary>Waits until every process has called it.</summary>
    public void Barrier() => _ = mpi.Barrier(mpi.CommWorld);

    /// <summary>Ends every process of the job with <paramref name="code"/> (MPI_Abort): for a failure the others cannot see.</summary>
    public void Abort(int code) => _ = mpi.Abort(mpi.CommWorld, code);

    /// <summary>Leaves the job (MPI_Finalize); every process must call it.</summary>
    public void Dispose()
    {
        if (finalized) return;
        finalized = true;
        _ = mpi.Finalize();
    }
}
