using FunctionalNet.Kernels;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// A crew whose helpers retire as soon as they stop spinning still answers every call: a call that races a retiring
/// helper either wakes it or starts its thread again, and the helper runs its part once for that call.
/// </summary>
public class WorkerCrewTests
{
    [Fact]
    public void A_crew_that_retires_its_idle_helpers_answers_every_call()
    {
        using var answered = new SemaphoreSlim(0);
        // Retiring after 0 ms: every helper ends its thread once its spin after a call runs out.
        using var crew = new WorkerCrew(2, () => answered.Release(), retireMilliseconds: 0);
        for (int call = 0; call < 40; call++)
        {
            crew.Wake();
            // Both helpers answer each call before the next is made.
            for (int h = 0; h < 2; h++) Assert.True(answered.Wait(TimeSpan.FromSeconds(30)), $"call {call}: a helper never answered");
            // Every other call comes after the helpers have had time to retire, the rest back to back.
            if (call % 2 == 1) Thread.Sleep(2);
        }
        crew.ThrowIfFailed();
    }

    [Fact]
    public void A_helpers_exception_is_rethrown_on_the_callers_thread()
    {
        using var done = new ManualResetEventSlim();
        using var crew = new WorkerCrew(1, () =>
        {
            try { throw new InvalidOperationException("helper failed"); }
            finally { done.Set(); }
        });
        crew.Wake();
        Assert.True(done.Wait(TimeSpan.FromSeconds(30)));
        // The failure is stored just after the part ends; the next check after the helper's catch sees it.
        Assert.True(SpinWait.SpinUntil(() => { try { crew.ThrowIfFailed(); return false; } catch (InvalidOperationException) { return true; } }, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_helpers_exception_that_escapes_a_job_is_rethrown_when_the_caller_is_done_with_it()
    {
        var crew = new KernelCrew(1);
        var job = new ThrowingJob();
        crew.Post(job);
        Assert.True(job.Ran.Wait(TimeSpan.FromSeconds(30)), "the helper never took the job");
        // The failure is stored just after Help ends; the caller's Done rethrows it once it is there.
        Assert.True(SpinWait.SpinUntil(() =>
        {
            try { crew.Done(job); return false; }
            catch (InvalidOperationException) { return true; }
        }, TimeSpan.FromSeconds(30)));
        job.Ran.Dispose();
    }

    // A job whose piece throws on whichever helper runs it, outside any catch of its own.
    private sealed class ThrowingJob : ICrewJob
    {
        public ManualResetEventSlim Ran { get; } = new();

        public void Help()
        {
            try { throw new InvalidOperationException("helper failed"); }
            finally { Ran.Set(); }
        }
    }
}
