namespace FunctionalNet.Kernels;

/// <summary>
/// Whether a run's helpers should take part in its jobs, decided by timing them both ways. On some hosts (this project's
/// two-vCPU VM, at times) a second thread makes a run slower than one thread: its shares cost more in moving data between the
/// cores than they save, and part of that cost falls on the caller's own work after the job (reading what a helper wrote). So
/// the run is timed in windows of <see cref="Window"/> posts, from a window's first post to the next window's, the work
/// between the jobs included: shared, alone (the caller running every job itself), shared, alone. The faster way is kept for
/// a hold of windows (doubling, up to <see cref="LongestHold"/>, while the answer stays the same), then both are timed again.
/// The choice decides who runs a job's pieces, never what they compute, so the bits are the same either way; the clock is
/// read once per post.
/// </summary>
internal sealed class ShareChoice
{
    /// <summary>Posts per timed window: enough to span many training steps, whose jobs repeat in a fixed pattern.</summary>
    public const int Window = 128;

    /// <summary>The most windows a choice is kept before both ways are timed again.</summary>
    public const int LongestHold = 64;

    /// <summary>
    /// Windows in one timing: shared, alone, shared, alone. Each way's faster window counts, so a window slowed by something
    /// outside the run (an interrupt, another process) does not decide alone.
    /// </summary>
    public const int TimingWindows = 4;

    // Alone must be this much faster to be chosen: sharing is the default, and a close call keeps it.
    private const double Margin = 0.9;

    private bool holdShared = true;
    // Windows into the current timing (0 to TimingWindows − 1), or TimingWindows while a choice is held.
    private int timing, posts, windowsLeft, hold = 1;
    private long windowStart, sharedTicks = long.MaxValue, aloneTicks = long.MaxValue;

    /// <summary>
    /// Counts a post made at clock tick <paramref name="now"/> and says whether its job is offered to the helpers; the post that
    /// fills a window starts the next.
    /// </summary>
    public bool Shares(long now)
    {
        if (posts++ == 0) windowStart = now;
        else if (posts > Window)
        {
            Next(now - windowStart);
            windowStart = now;
            posts = 1;
        }
        return timing < TimingWindows ? timing % 2 == 0 : holdShared;
    }

    // A window of `window` ticks has ended: the next one's way.
    private void Next(long window)
    {
        if (timing < TimingWindows)
        {
            if (timing % 2 == 0) sharedTicks = Math.Min(sharedTicks, window);
            else aloneTicks = Math.Min(aloneTicks, window);
            if (++timing < TimingWindows) return;
            bool shared = aloneTicks >= Margin * sharedTicks;
            // The same answer twice in a row earns a longer hold; a changed one starts short again.
            hold = shared == holdShared ? Math.Min(2 * hold, LongestHold) : 1;
            holdShared = shared;
            windowsLeft = hold;
            (sharedTicks, aloneTicks) = (long.MaxValue, long.MaxValue);
        }
        else if (--windowsLeft == 0) timing = 0;
    }
}
