using System.Diagnostics;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// A run's helper threads for split products and paired slot leaves (<see cref="GemmBlocked"/>, <see cref="SlotBackpropagation{T}"/>):
/// a posted job is offered to spinning helpers, which answer within a microsecond where a pool work item waits for a parked
/// thread. The job's pieces are claimed from the job itself, so the caller runs whatever no helper claimed and waits only for
/// pieces a helper is running; the bits never depend on who ran what — nor on whether the helpers take part at all, which
/// <see cref="ShareChoice"/> decides by timing the jobs both ways. Carried by <see cref="Tensors.Parallelism"/>; made by the
/// workspace a run owns (<see cref="Workspace{T}"/>), and its helpers end after a second without work, so nothing disposes it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Its helpers end their own threads when idle (RetireMilliseconds); no owner disposes it.")]
internal sealed class KernelCrew
{
    // Idle helpers end their threads after this long: a training run calls every few microseconds, an ended run never again.
    private const int RetireMilliseconds = 1000;
    private readonly WorkerCrew crew;
    private ICrewJob? posted;
    // Whether helpers take part in the next split (a ShareChoice timing the run both ways); called by the posting thread only.
    private readonly Func<bool> takesPart;

    /// <summary>A crew of <paramref name="helpers"/> threads besides the caller's, started at the first <see cref="Post"/>.</summary>
    public KernelCrew(int helpers) : this(helpers, new ShareChoice(Stopwatch.GetTimestamp).Shares)
    {
    }

    /// <summary>A crew whose helpers take part in a split when <paramref name="takesPart"/> says so (tests decide it for the timing).</summary>
    internal KernelCrew(int helpers, Func<bool> takesPart)
    {
        crew = new WorkerCrew(helpers, () => Volatile.Read(ref posted)?.Help(), RetireMilliseconds);
        this.takesPart = takesPart;
    }

    /// <summary>
    /// <paramref name="parallelism"/> with a crew of its own when it allows more than one thread and brings none: for an
    /// owner of repeated evaluations (a run's workspace or fused kernel). One crew serves every kernel a run shares it with.
    /// </summary>
    public static Parallelism For(Parallelism parallelism) =>
        parallelism.MaxThreads > 1 && parallelism.Crew is null ? parallelism with { Crew = new KernelCrew(parallelism.MaxThreads - 1) } : parallelism;

    /// <summary>
    /// Counts a job a kernel is about to split and says whether the helpers take part in it (<see cref="ShareChoice"/>). When
    /// they do not, the kernel runs the work unsplit on the caller, as a one-thread run would: split or not, the bits are the
    /// same, and the unsplit work skips the split's extra packing and hand-off, so a run that is faster alone is as fast as
    /// one thread. The narrow kernel's chunks do not ask (their jobs are always offered; timing them cost moons-gd 4–7 %).
    /// </summary>
    public bool TakesPart() => takesPart();

    /// <summary>Offers <paramref name="job"/> to the helpers and returns at once; the caller then helps too and awaits its claimed pieces.</summary>
    public void Post(ICrewJob job)
    {
        Volatile.Write(ref posted, job);
        crew.Wake();
    }

    /// <summary>
    /// Offers <paramref name="job"/> to <paramref name="parallelism"/>'s crew (a run's), or without one (a pure call's rented
    /// workspace) queues it for <paramref name="helpers"/> pool threads; either way the caller then helps and awaits its claimed pieces.
    /// </summary>
    public static void Offer<TJob>(Parallelism parallelism, TJob job, int helpers) where TJob : ICrewJob, IThreadPoolWorkItem
    {
        if (parallelism.Crew is { } crew) crew.Post(job);
        else for (int h = 0; h < helpers; h++) ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
    }

    /// <summary>
    /// Forgets <paramref name="job"/> once it is done, so an idle crew holds nothing of it (a late helper finds nothing to claim
    /// either way), and rethrows anything a helper's part threw outside a job's own catch.
    /// </summary>
    public void Done(ICrewJob job)
    {
        Interlocked.CompareExchange(ref posted, null, job);
        crew.ThrowIfFailed();
    }
}

/// <summary>Work any number of threads may help with: each call claims and runs pieces until none is left unclaimed.</summary>
internal interface ICrewJob
{
    /// <summary>Claims and runs unclaimed pieces; returns at once when every piece is claimed.</summary>
    void Help();
}
