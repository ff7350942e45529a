using System.Globalization;
using FunctionalNet.Bench;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// Best-of-N seconds of a digits-sgd epoch (1,000 steps unless told) (64-100-10 tanh, squared error, float64, one sample per step)
/// through the public <c>Train.Fit</c>, each run from the same start: an epoch is a few milliseconds, so on a loaded
/// machine the best of many still ran unpreempted — an A/B aid where the whole workload's wall time is noise.
/// </summary>
internal static class SgdEpochProbe
{
    public static void Run(int repeats, int steps = 1000)
    {
        var context = new BenchContext(new BenchOptions(["digits-sgd"], 1, false, null));
        var (train, _) = context.Digits;
        var architecture = Workloads.Build(64, [100, 10], Activation.Tanh, Activation.Tanh, Loss.SquaredError, 0);
        var start = Initializer.Uniform(0.25).Initialize<double>(architecture, Rng.Create(0));
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var (seconds, _) = Workloads.Fit(context, architecture, train, Rules.Sgd(0.2), start, Batching.WithReplacement(steps), 1, Rng.Create(3));
            if (i >= repeats / 10) best = Math.Min(best, seconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"digits-sgd {steps} steps, best of {repeats - repeats / 10}: {best * 1e6:F1} µs ({best * 1e6 / steps:F3} µs a step)"));
    }
}
