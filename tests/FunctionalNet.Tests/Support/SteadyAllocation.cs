using System.Runtime;

namespace FunctionalNet.Tests.Support;

/// <summary>
/// Allocation counts taken once the JIT has settled. Tiered compilation swaps a method's code while a test runs: tier 0
/// first, an on-stack-replacement version compiled on the running thread (whose type loads allocate on it), then tier 1
/// in the background, whose escape analysis may keep an object off the heap that tier 0 allocated. Under load the swaps
/// come late and land inside a measured pass, so two passes that allocate the same in their steady state differ once
/// (seen: <c>CustomRuleTests.Steady_state_steps_of_a_custom_rule_allocate_nothing</c> failed under heavy load and passed
/// on rerun). A real allocation per step still differs between the passes every round, so a test can still fail.
/// </summary>
internal static class SteadyAllocation
{
    /// <summary>
    /// <paramref name="measure"/>'s counts from the first round that repeats the previous round's counts with no method
    /// compiled during it (pausing between rounds, so the background compiler can run); the last round's counts when no
    /// round settles within <paramref name="rounds"/>.
    /// </summary>
    public static (long A, long B) Counts(Func<(long A, long B)> measure, int rounds = 40)
    {
        var last = (A: -1L, B: -1L);
        for (int round = 0; round < rounds; round++)
        {
            long compiled = JitInfo.GetCompiledMethodCount();
            var counts = measure();
            if (counts == last && JitInfo.GetCompiledMethodCount() == compiled) return counts;
            last = counts;
            Thread.Sleep(20);
        }
        return last;
    }
}
