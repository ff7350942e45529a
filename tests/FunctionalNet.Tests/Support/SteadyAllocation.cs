using System.Runtime;

namespace FunctionalNet.Tests.Support;

/// <summary>
/// Allocation counts taken once the runtime has settled. A measured pass can be charged one-off allocations that have
/// nothing to do with the code measured: a gen-2 collection landing inside it (reproduced with a thread collecting gen
/// 2 every millisecond under <c>DOTNET_GCHeapHardLimit=0x2800000</c>: the custom rule's 40-step pass once counted
/// 32,776 B against the 80-step pass's 20,416 B, then 20,416 B both in every later round), or the JIT compiling on
/// the measuring thread. That is how <c>CustomRuleTests.Steady_state_steps_of_a_custom_rule_allocate_nothing</c>
/// failed once under heavy load and passed on rerun. A real allocation per step differs between the passes in every
/// round, so a test built on this still fails.
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
