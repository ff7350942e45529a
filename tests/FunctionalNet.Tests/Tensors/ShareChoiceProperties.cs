using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The choice whether a run's helpers take part, driven by a made-up clock: each window of posts is given a length, and the
/// properties say which windows share. Sharing is timed first, then running alone; the faster way is kept, and both are timed
/// again at growing intervals.
/// </summary>
public class ShareChoiceProperties
{
    // Which of `lengths.Length` windows shared, when window w lasts lengths(w, shared) ticks.
    private static bool[] Windows(int count, Func<int, bool, long> length)
    {
        var choice = new ShareChoice();
        var shared = new bool[count];
        long now = 0;
        for (int w = 0; w < count; w++)
        {
            bool first = choice.Shares(now);
            shared[w] = first;
            for (int p = 1; p < ShareChoice.Window; p++)
                Assert.Equal(first, choice.Shares(now));
            now += length(w, first);
        }
        return shared;
    }

    // At most how many timings `count` windows hold: the holds between them double from one window up to LongestHold.
    private static int Timings(int count) => 2 + (int)Math.Ceiling(Math.Log2(ShareChoice.LongestHold)) + count / ShareChoice.LongestHold;

    private static Gen<(int Count, int Shared, int Alone)> Cases =>
        from count in Gen.Choose(3, 400)
        from shared in Gen.Choose(1, 1_000_000)
        from alone in Gen.Choose(1, 1_000_000)
        select (count, shared, alone);

    [Property(MaxTest = 200)]
    public Property The_first_windows_share_and_run_alone_in_turn() =>
        Prop.ForAll(Cases.Where(c => c.Count >= ShareChoice.TimingWindows).ToArbitrary(), c =>
        {
            var shared = Windows(c.Count, (_, s) => s ? c.Shared : c.Alone);
            return Enumerable.Range(0, ShareChoice.TimingWindows).All(w => shared[w] == (w % 2 == 0));
        });

    [Property(MaxTest = 200)]
    public Property One_slow_alone_window_does_not_decide() =>
        Prop.ForAll(Cases.Where(c => c.Alone < 0.8 * c.Shared && c.Count > ShareChoice.TimingWindows).ToArbitrary(), c =>
        {
            // The first alone window is slowed by something outside the run; the second shows alone is faster.
            var shared = Windows(c.Count, (w, s) => s ? c.Shared : w == 1 ? 10L * c.Shared : c.Alone);
            return !shared[ShareChoice.TimingWindows];
        });

    [Property(MaxTest = 200)]
    public Property When_alone_is_clearly_faster_only_the_timing_windows_share_and_they_grow_rare() =>
        Prop.ForAll(Cases.Where(c => c.Alone < 0.8 * c.Shared).ToArbitrary(), c =>
        {
            var shared = Windows(c.Count, (_, s) => s ? c.Shared : c.Alone);
            // Each shared window is a timing window followed by an alone one; holds double up to LongestHold between them.
            int sharing = shared.Count(s => s);
            int bound = ShareChoice.TimingWindows / 2 * Timings(c.Count);
            return Enumerable.Range(0, c.Count - 1).All(w => !shared[w] || !shared[w + 1]) && sharing <= bound;
        });

    [Property(MaxTest = 200)]
    public Property When_alone_is_not_clearly_faster_every_window_but_the_alone_timings_shares() =>
        Prop.ForAll(Cases.Where(c => c.Alone >= 0.95 * c.Shared).ToArbitrary(), c =>
        {
            var shared = Windows(c.Count, (_, s) => s ? c.Shared : c.Alone);
            int alone = shared.Count(s => !s);
            int bound = ShareChoice.TimingWindows / 2 * Timings(c.Count);
            // Every alone window directly follows a shared one (a timing pair), and they grow rare too.
            return Enumerable.Range(1, c.Count - 1).All(w => shared[w] || shared[w - 1]) && alone <= bound;
        });

    [Property(MaxTest = 200)]
    public Property A_host_that_changes_mode_is_followed_within_one_hold() =>
        Prop.ForAll(Cases.Where(c => c.Alone < 0.8 * c.Shared && c.Count > 3 * ShareChoice.LongestHold).ToArbitrary(), c =>
        {
            // Sharing is slow for the first half of the run and then fast (the other core becomes cheap to reach).
            int change = c.Count / 2;
            var shared = Windows(c.Count, (w, s) => s ? (w < change ? c.Shared : c.Alone / 2 + 1) : c.Alone);
            // Within the longest hold plus one timing pair after the change, sharing is chosen and kept: from then on only the
            // alone timings run alone, as rare as in a run that shared from the start (holds growing from one window again).
            int settled = change + ShareChoice.LongestHold + 2;
            int timings = ShareChoice.TimingWindows / 2 * Timings(c.Count - settled);
            return !shared[ShareChoice.TimingWindows] && Enumerable.Range(settled, c.Count - settled).All(w => shared[w] || shared[w - 1])
                && shared.Skip(settled).Count(s => !s) <= timings;
        });
}
