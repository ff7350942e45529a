using FunctionalNet.Training;

namespace FunctionalNet.Mpi;

/// <summary>
/// The processes of an <c>mpirun</c> or <c>srun</c> job as a <see cref="SlotExchange"/>: MPI_Allgather of bytes over
/// MPI_COMM_WORLD, nothing summed by MPI (its reductions differ between algorithms and process counts). Start it once per
/// process and dispose of it at the end (MPI_Finalize); MPI cannot be started again in the same process.
/// </summary>
public sealed unsafe class MpiExchange : SlotExchange, IDisposable
{
    private readonly MpiLibrary mpi;
    private bool finalized;

    private MpiExchange(MpiLibrary mpi, int rank, int ranks)
    {
        this.mpi = mpi;
        Rank = rank;
        Ranks = ranks;
    }

    /// <inheritdoc/>
    public override int Rank { get; }

    /// <inheritdoc/>
    public override int Ranks { get; }

    /// <summary>The MPI library in use (its file name).</summary>
    public string Library => mpi.Name;

    /// <summary>Loads the machine's MPI library and joins the job (MPI_Init), or says in one line why it cannot.</summary>
    public static LanguageExt.Either<Error, MpiExchange> Start()
    {
        if (MpiLibrary.Load(out string? problem) is not { } mpi)
            return new Error("mpi.library", $"no MPI library could be loaded ({problem}); install Open MPI (openmpi-bin) or MPICH");
        int flag = 0, rank = 0, size = 0;
        if (mpi.Initialized(&flag) != 0 || flag == 0 && mpi.Init(null, null) != 0)
            return new Error("mpi.init", $"MPI_Init failed in {mpi.Name}");
        if (mpi.CommRank(mpi.CommWorld, &rank) != 0 || mpi.CommSize(mpi.CommWorld, &size) != 0)
            return new Error("mpi.init", $"{mpi.Name} gave no rank or size for MPI_COMM_WORLD");
        return new MpiExchange(mpi, rank, size);
    }

    /// <inheritdoc/>
    public override void AllGather(ReadOnlySpan<byte> mine, Span<byte> all)
    {
        if (all.Length != mine.Length * Ranks)
            throw new ArgumentException($"expected {mine.Length * Ranks} bytes for {Ranks} processes, found {all.Length}", nameof(all));
        fixed (byte* send = mine, receive = all)
        {
            int code = mpi.Allgather(send, mine.Length, mpi.Byte, receive, mine.Length, mpi.Byte, mpi.CommWorld);
            if (code != 0) throw new InvalidOperationException($"MPI_Allgather failed with code {code} on rank {Rank}");
        }
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
