using System.Runtime.ExceptionServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// Persistent helper threads for kernels whose calls are too short for <c>Parallel.For</c> (a moons-gd gradient is
/// ≈ 16 µs; waking a pool thread costs several of those). <see cref="Run"/> runs part 0 of a job on the caller and parts
/// 1… on the helpers, which spin between calls for a while (a training loop comes back within microseconds) and then
/// block until the next call or <see cref="Dispose"/>. Owned by one run (no global state), called from one thread at a
/// time; which part runs where never changes a result, since each part writes only its own buffers.
/// </summary>
internal sealed class WorkerCrew : IDisposable
{
    // Spin iterations before a helper blocks: about 0.1 ms, longer than a training step's work between two kernel calls.
    private const int SpinIterations = 4096;
    private readonly Action<int> work;
    private readonly Thread[] helpers;
    private readonly object gate = new();
    private int generation, parts, pending, sleepers;
    private volatile bool stopping;
    private ExceptionDispatchInfo? failure;

    /// <summary>A crew of <paramref name="helpers"/> threads running <paramref name="work"/>(part) for each call's parts.</summary>
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

    /// <summary>The most parts one call can run: the helpers and the caller.</summary>
    public int Capacity => helpers.Length + 1;

    /// <summary>Runs <c>work(0)</c> … <c>work(count − 1)</c>, part 0 on the calling thread, and returns when all are done.</summary>
    public void Run(int count)
    {
        ObjectDisposedException.ThrowIf(stopping, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        parts = count;
        // Every helper acknowledges every call (idle ones at once), so none can lag into the next call's parts.
        Volatile.Write(ref pending, helpers.Length);
        Interlocked.Increment(ref generation);
        if (Volatile.Read(ref sleepers) > 0)
        {
            lock (gate) Monitor.PulseAll(gate);
        }
        try
        {
            work(0);
        }
        finally
        {
            // The helpers write into the caller's buffers: wait for them even when part 0 failed.
            var spin = new SpinWait();
            while (Volatile.Read(ref pending) > 0) spin.SpinOnce(sleep1Threshold: -1);
        }
        if (failure is { } f)
        {
            failure = null;
            f.Throw();
        }
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
        int seen = Volatile.Read(ref generation);
        while (true)
        {
            for (int i = 0; i < SpinIterations && Volatile.Read(ref generation) == seen; i++) Thread.SpinWait(1);
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
                if (part < parts) work(part);
            }
            catch (Exception e)
            {
                // Handed to the caller, which rethrows it from Run.
                failure = ExceptionDispatchInfo.Capture(e);
            }
            Interlocked.Decrement(ref pending);
        }
    }
}
