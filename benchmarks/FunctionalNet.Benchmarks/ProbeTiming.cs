using System.Diagnostics;
using System.Globalization;

namespace FunctionalNet.Benchmarks;

/// <summary>The probes' one timing loop: warm-up calls, then <c>repeats</c> timed calls, sorted (best first).</summary>
internal static class ProbeTiming
{
    public static double[] SortedSeconds(int repeats, Action run, int warmups = 20)
    {
        for (int i = 0; i < warmups; i++) run();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(times);
        return times;
    }

    /// <summary>Prints the best and median microseconds of <paramref name="run"/>.</summary>
    public static void Print(string name, int repeats, Action run, string indent = "", int nameWidth = 22)
    {
        var times = SortedSeconds(repeats, run);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{indent}{name.PadRight(nameWidth)} best {times[0] * 1e6,8:F1} µs  median {times[repeats / 2] * 1e6,8:F1} µs"));
    }
}
