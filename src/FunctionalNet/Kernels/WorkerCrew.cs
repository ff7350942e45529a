using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// Persistent helper threads for kernels whose calls are too short for <c>Parallel.For</c> (a moons-gd gradient is
/// ≈ 16 µs; waking a pool thread costs several of those). <see cref="Wake"/> has every helper run <c>work(part)</c> once;
/// the helpers spin for up to 0.2 ms after a call (a training loop comes back within microseconds) and then block until
/// the next call or <see cref="Dispose"/>. The caller never waits for a helper here: the work claims its pieces from shared
/// state, so a helper the scheduler has parked simply claims nothing (see <see cref="NarrowChunks{T}"/>). Owned by one
/// run (no global state).
/// </summary>
internal sealed class WorkerCrew : IDisposable
{
    // How long a helper spins after a call before it blocks. A count (2²⁰ spins, ≈ 40 ms) kept the second core busy
    // through all the work between calls (a CLI's per-epoch history, checkpoints); a time bound ends the spin once a
    // block's wake-up (≈ 0.1 ms under load) would have been cheaper, while back-to-back calls come within microseconds.
    // The clock only decides when a helper sleeps, never what is computed: the bits are the same at every thread count.
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000;
    private readonly Action<int> work;
    private readonly Thread[] helpers;
    private readonly object gate = new();
    private int generation, sleepers;
    private volatile bool stopping;
    private ExceptionDispatchInfo? failure;

    /// <summary>A crew of <paramref name="helpers"/> threads, helper h running <paramref name="work"/>(h + 1) at each <see cref="Wake"/>.</summary>
    public WorkerCrew(int helpers, Action<int> work)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(helpers, 1);
        this.work = work;
        this.helpers = new Thread[helpers];
        for (int h = 0; h < helpers; h++)
        {
            int part = h + 1;
            this.helpers[h] = new Thread(() => Serve(part)) { IsBackground = true, Name = "FunctionalNet kernel helper" };
            this.helpers[h].Start();
        }
    }

    /// <summary>Has every helper run its part once, soon; returns at once.</summary>
    public void Wake()
    {
        ObjectDisposedException.ThrowIf(stopping, this);
        Interlocked.Increment(ref generation);
        if (Volatile.Read(ref sleepers) > 0)
        {
            lock (gate) Monitor.PulseAll(gate);
        }
    }

    /// <summary>Rethrows, on the caller's thread, an exception a helper's part threw since the last check.</summary>
    public void ThrowIfFailed()
    {
        if (Interlocked.Exchange(ref failure, null) is { } f) f.Throw();
    }

    /// <summary>Stops the helpers and waits for them to end.</summary>
    public void Dispose()
    {
        if (stopping) return;
        stopping = true;
        Interlocked.Increment(ref generation);
        lock (gate) Monitor.PulseAll(gate);
        foreach (var h in helpers) h.Join();
    }

    private void Serve(int part)
    {
        // Generation 0 is the crew's start: a helper that starts late must still answer the first call (generation 1).
        int seen = 0;
        while (true)
        {
            long until = Stopwatch.GetTimestamp() + SpinTicks;
            // The clock is read every 64 spins (a spin is ≈ 35 ns), so reading it costs little of the spin.
            for (int i = 1; Volatile.Read(ref generation) == seen && ((i & 63) != 0 || Stopwatch.GetTimestamp() < until); i++) Thread.SpinWait(1);
            if (Volatile.Read(ref generation) == seen)
            {
                lock (gate)
                {
                    // Counted before the generation is read again, so a caller that moves it either sees a sleeper or is seen.
                    Interlocked.Increment(ref sleepers);
                    while (Volatile.Read(ref generation) == seen) Monitor.Wait(gate);
                    Interlocked.Decrement(ref sleepers);
                }
            }
            if (stopping) return;
            seen = Volatile.Read(ref generation);
            try
            {
                work(part);
            }
            catch (Exception e)
            {
                // Handed to the caller, which rethrows it (ThrowIfFailed).
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }
    }
}
