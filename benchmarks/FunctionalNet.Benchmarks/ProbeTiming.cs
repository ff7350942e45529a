using System.Diagnostics;
using System.Globalization;

namespace FunctionalNet.Benchmarks;

/// <summary>The probes' one timing loop: 20 warm-up calls, then the best and median of <c>repeats</c> timed calls.</summary>
internal static class ProbeTiming
{
    public static void Print(string name, int repeats, Action run, string indent = "", int nameWidth = 22)
    {
        for (int i = 0; i < 20; i++) run();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{indent}{name.PadRight(nameWidth)} best {times[0] * 1e6,8:F1} µs  median {times[repeats / 2] * 1e6,8:F1} µs"));
    }
}
