using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The choice whether a run's helpers take part, driven by a made-up clock: each window of posts is given a length, and the
/// properties say which windows share. Both ways are timed twice first; then the faster way is kept, and the other is tried
/// for one window after holds that grow fourfold.
/// </summary>
public class ShareChoiceProperties
{
    // Which of `count` windows shared, when window w lasts length(w, shared) ticks.
    private static bool[] Windows(int count, Func<int, bool, long> length)
    {
        long now = 0;
        var choice = new ShareChoice(() => now);
        var shared = new bool[count];
        for (int w = 0; w < count; w++)
        {
            bool first = choice.Shares();
            shared[w] = first;
            for (int p = 1; p < ShareChoice.Window; p++)
                Assert.Equal(first, choice.Shares());
            now += length(w, first);
        }
        return shared;
    }

    // At most how many windows of the way not kept `count` windows hold once the first timing is over: one a hold, the holds
    // growing fourfold from one window (after a change of way) or four (sharing kept from the start) up to LongestHold.
    private static int Probes(int count) => 1 + (int)Math.Ceiling(Math.Log(ShareChoice.LongestHold, 4)) + count / ShareChoice.LongestHold;

    private static Gen<(int Count, int Shared, int Alone)> Cases =>
        from count in Gen.Choose(3, 400)
        from shared in Gen.Choose(1, 1_000_000)
        from alone in Gen.Choose(1, 1_000_000)
        select (count, shared, alone);

    private static bool NoTwoInARow(bool[] shared, bool way) => Enumerable.Range(1, shared.Length - 1).All(w => shared[w] != way || shared[w - 1] != way);

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
    public Property One_slow_kept_window_does_not_change_the_way() =>
        Prop.ForAll(Cases.Where(c => c.Alone >= 0.95 * c.Shared && c.Count > 2 * ShareChoice.TimingWindows).ToArbitrary(), Gen.Choose(0, 99).ToArbitrary(),
            (c, pick) =>
        {
            // Sharing is faster, but the shared window just before one of the probes is slowed tenfold from outside.
            var clean = Windows(c.Count, (_, s) => s ? c.Shared : c.Alone);
            int[] probes = Enumerable.Range(ShareChoice.TimingWindows, c.Count - ShareChoice.TimingWindows).Where(w => !clean[w]).ToArray();
            int slow = probes.Length == 0 ? -1 : probes[pick % probes.Length] - 1;
            var shared = Windows(c.Count, (w, s) => s ? (w == slow ? 10L * c.Alone : c.Shared) : c.Alone);
            return NoTwoInARow(shared, way: false);
        });

    [Property(MaxTest = 200)]
    public Property When_alone_is_clearly_faster_only_the_timing_and_probe_windows_share_and_they_grow_rare() =>
        Prop.ForAll(Cases.Where(c => c.Alone < 0.8 * c.Shared).ToArbitrary(), c =>
        {
            var shared = Windows(c.Count, (_, s) => s ? c.Shared : c.Alone);
            return NoTwoInARow(shared, way: true) && shared.Count(s => s) <= ShareChoice.TimingWindows / 2 + Probes(c.Count);
        });

    [Property(MaxTest = 200)]
    public Property When_alone_is_not_clearly_faster_only_the_timing_and_probe_windows_run_alone() =>
        Prop.ForAll(Cases.Where(c => c.Alone >= 0.95 * c.Shared).ToArbitrary(), c =>
        {
            var shared = Windows(c.Count, (_, s) => s ? c.Shared : c.Alone);
            return NoTwoInARow(shared, way: false) && shared.Count(s => !s) <= ShareChoice.TimingWindows / 2 + Probes(c.Count);
        });

    [Property(MaxTest = 200)]
    public Property A_host_that_changes_mode_is_followed_within_one_hold() =>
        Prop.ForAll(Cases.Where(c => c.Alone < 0.8 * c.Shared && c.Count > 3 * ShareChoice.LongestHold).ToArbitrary(), ArbMap.Default.ArbFor<bool>(),
            (c, toShared) =>
        {
            // Sharing is slow for the first half of the run and then fast (the other core becomes cheap to reach), or the reverse.
            int change = c.Count / 2;
            long fast = c.Alone / 2 + 1;
            var shared = Windows(c.Count, (w, s) => s ? (w < change == toShared ? c.Shared : fast) : c.Alone);
            // Within the longest hold plus two windows after the change the faster way is kept: from then on the other way
            // runs only in probes, single windows as rare as in a run that kept the way from the start.
            int settled = change + ShareChoice.LongestHold + 2;
            var after = shared[settled..];
            return NoTwoInARow(after, way: !toShared) && after.Count(s => s != toShared) <= Probes(after.Length) + 1;
        });
}
