namespace FunctionalNet.Kernels;

/// <summary>
/// Whether a run's helpers should take part in its jobs, decided by timing them both ways. On some hosts (this project's
/// two-vCPU VM, at times) a second thread makes a run slower than one thread: its shares cost more in moving data between the
/// cores than they save, and part of that cost falls on the caller's own work after the job (reading what a helper wrote). So
/// the run is timed in windows of <see cref="Window"/> posts, from a window's first post to the next window's, the work
/// between the jobs included. The first four windows go shared, alone, shared, alone, and each way's faster window counts.
/// After that the faster way is kept and every window of it is timed; after a hold of kept windows (growing fourfold up to
/// <see cref="LongestHold"/> while the answer stays the same) one window runs the other way, and that way is taken only if
/// its window beats the kept way's last two. So the way not kept costs one window in a hold, not two of every four.
/// The choice decides whether a kernel splits its work for the helpers, never what it computes, so the bits are the same either way; the clock is
/// read once per window.
/// </summary>
internal sealed class ShareChoice
{
    /// <summary>Posts per timed window: enough to span many training steps, whose jobs repeat in a fixed pattern.</summary>
    public const int Window = 128;

    /// <summary>The most kept windows between two probes of the other way.</summary>
    public const int LongestHold = 64;

    /// <summary>
    /// Windows in the first timing: shared, alone, shared, alone. Each way's faster window counts, so a window slowed by something
    /// outside the run (an interrupt, another process) does not decide alone.
    /// </summary>
    public const int TimingWindows = 4;

    // Alone must be this much faster to be chosen: sharing is the default, and a close call keeps it.
    private const double Margin = 0.9;

    private readonly Func<long> clock;
    // The way kept; whether the current window runs the other way (a probe); windows into the first timing.
    private bool keptShared = true, probing;
    private int firstWindows, posts, holdLeft, hold = 1;
    private long windowStart;
    // The kept way's last two windows (the first timing's two of each way until then), and the first timing's alone pair.
    private long lastKept = long.MaxValue, previousKept = long.MaxValue, firstAlone = long.MaxValue;

    /// <summary>A choice timed by <paramref name="clock"/> (ticks of any fixed rate).</summary>
    public ShareChoice(Func<long> clock) => this.clock = clock;

    /// <summary>Counts a post and says whether its job is offered to the helpers; the post that fills a window starts the next.</summary>
    public bool Shares()
    {
        if (posts++ == 0) windowStart = clock();
        else if (posts > Window)
        {
            long now = clock();
            Next(now - windowStart);
            windowStart = now;
            posts = 1;
        }
        return firstWindows < TimingWindows ? firstWindows % 2 == 0 : keptShared != probing;
    }

    // A window of `ticks` has ended: the next one's way.
    private void Next(long ticks)
    {
        if (firstWindows < TimingWindows)
        {
            if (firstWindows % 2 == 0) Keep(ticks);
            else firstAlone = Math.Min(firstAlone, ticks);
            if (++firstWindows == TimingWindows) Decide(otherShared: false, other: firstAlone);
        }
        else if (probing)
        {
            probing = false;
            Decide(otherShared: !keptShared, other: ticks);
        }
        else
        {
            Keep(ticks);
            probing = --holdLeft == 0;
        }
    }

    private void Keep(long ticks) => (previousKept, lastKept) = (lastKept, ticks);

    // Weighs the other way's best window against the kept way's last two, and starts the next hold.
    private void Decide(bool otherShared, long other)
    {
        long kept = Math.Min(lastKept, previousKept);
        (long shared, long alone) = otherShared ? (other, kept) : (kept, other);
        bool share = alone >= Margin * shared;
        if (share == keptShared) hold = Math.Min(4 * hold, LongestHold);
        else
        {
            // A changed answer is checked again soon; the winning window is the new way's only one so far.
            (keptShared, hold, lastKept, previousKept) = (share, 1, other, long.MaxValue);
        }
        holdLeft = hold;
    }
}
