using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// Persistent helper threads for kernels whose calls are too short for <c>Parallel.For</c> or a pool work item (a
/// moons-gd gradient is ≈ 16 µs, a 200 × 64 × 100 product ≈ 18 µs; waking a parked pool thread costs several of those).
/// <see cref="Wake"/> has every helper run <c>work()</c> once; the helpers spin for up to 0.2 ms after a call (a
/// training loop comes back within microseconds) and then block until the next call, <see cref="Dispose"/>, or — when
/// the crew retires its helpers — until they have been idle that long, when their threads end and the next call starts
/// them again. The caller never waits for a helper here: the work claims its pieces from shared state, so a helper the
/// scheduler has parked (or not started yet) simply claims nothing (see <see cref="NarrowChunks{T}"/>, <see cref="KernelCrew"/>).
/// Owned by one run (no global state).
/// </summary>
internal sealed class WorkerCrew : IDisposable
{
    // How long a helper spins after a call before it blocks. A count (2²⁰ spins, ≈ 40 ms) kept the second core busy
    // through all the work between calls (a CLI's per-epoch history, checkpoints); a time bound ends the spin once a
    // block's wake-up (≈ 0.1 ms under load) would have been cheaper, while back-to-back calls come within microseconds.
    // The clock only decides when a helper sleeps, never what is computed: the bits are the same at every thread count.
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000;
    private readonly Action work;
    private readonly Thread?[] helpers;
    // Set under the gate by a helper whose thread is ending (it may still be alive for a moment after).
    private readonly bool[] retiring;
    private readonly int retireMilliseconds;
    private readonly object gate = new();
    // `retired` counts helpers with no running thread (all of them before the first call); a call restarts them.
    private int generation, sleepers, retired;
    private volatile bool stopping;
    private ExceptionDispatchInfo? failure;

    /// <summary>
    /// A crew of <paramref name="helpers"/> threads, each running <paramref name="work"/> once at each <see cref="Wake"/>;
    /// the threads start at the first call. With <paramref name="retireMilliseconds"/> a helper idle that long ends its
    /// thread (so an owner that cannot dispose the crew leaves no thread behind); <see cref="Timeout.Infinite"/> keeps them until <see cref="Dispose"/>.
    /// </summary>
    public WorkerCrew(int helpers, Action work, int retireMilliseconds = Timeout.Infinite)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(helpers, 1);
        this.work = work;
        this.helpers = new Thread?[helpers];
        retiring = new bool[helpers];
        this.retireMilliseconds = retireMilliseconds;
        retired = helpers;
    }

    /// <summary>Has every helper run the work once, soon; returns at once.</summary>
    public void Wake()
    {
        ObjectDisposedException.ThrowIf(stopping, this);
        Interlocked.Increment(ref generation);
        if (Volatile.Read(ref sleepers) > 0)
        {
            lock (gate) Monitor.PulseAll(gate);
        }
        // A helper retires under the gate before it stops counting as a sleeper, so a call that saw no sleeper sees it retired.
        if (Volatile.Read(ref retired) > 0) Restart();
    }

    /// <summary>Rethrows, on the caller's thread, an exception a helper's run of the work threw since the last check.</summary>
    public void ThrowIfFailed()
    {
        // A read first: the check comes after every job, and a failure is rare.
        if (Volatile.Read(ref failure) is not null && Interlocked.Exchange(ref failure, null) is { } f) f.Throw();
    }

    /// <summary>Stops the helpers and waits for them to end.</summary>
    public void Dispose()
    {
        if (stopping) return;
        stopping = true;
        Interlocked.Increment(ref generation);
        lock (gate) Monitor.PulseAll(gate);
        foreach (var h in helpers) h?.Join();
    }

    // Starts a thread for every retired helper; it answers the call that started it (its last generation seen is the one before).
    private void Restart()
    {
        lock (gate)
        {
            int seen = Volatile.Read(ref generation) - 1;
            for (int h = 0; h < helpers.Length; h++)
            {
                if (helpers[h] is not null && !retiring[h]) continue;
                int index = h;
                helpers[h] = new Thread(() => Serve(index, seen)) { IsBackground = true, Name = "FunctionalNet kernel helper" };
                retiring[h] = false;
                helpers[h]!.Start();
                Interlocked.Decrement(ref retired);
            }
        }
    }

    private void Serve(int index, int seen)
    {
        while (true)
        {
            long until = Stopwatch.GetTimestamp() + SpinTicks;
            // Every 64 spins (a spin is ≈ 35 ns) the helper reads the clock and yields its core to any other thread ready to
            // run there: on a quiet machine the yield returns at once, on a busy one the spin stops taking a core from others.
            for (int i = 1; Volatile.Read(ref generation) == seen; i++)
            {
                if ((i & 63) != 0) Thread.SpinWait(1);
                else if (Stopwatch.GetTimestamp() < until) Thread.Yield();
                else break;
            }
            if (Volatile.Read(ref generation) == seen)
            {
                lock (gate)
                {
                    // Counted before the generation is read again, so a caller that moves it either sees a sleeper or is seen.
                    Interlocked.Increment(ref sleepers);
                    while (Volatile.Read(ref generation) == seen)
                    {
                        if (!Monitor.Wait(gate, retireMilliseconds) && Volatile.Read(ref generation) == seen && !stopping)
                        {
                            retiring[index] = true;
                            Interlocked.Increment(ref retired);
                            Interlocked.Decrement(ref sleepers);
                            return;
                        }
                    }
                    Interlocked.Decrement(ref sleepers);
                }
            }
            if (stopping) return;
            seen = Volatile.Read(ref generation);
            try
            {
                work();
            }
            catch (Exception e)
            {
                // Handed to the caller, which rethrows it (ThrowIfFailed).
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }
    }
}
