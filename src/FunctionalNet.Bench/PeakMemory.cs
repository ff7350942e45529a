using System.Diagnostics;
using System.Globalization;

namespace FunctionalNet.Bench;

/// <summary>
/// The process's peak resident set over one workload: on Linux the high-water mark (VmHWM) is reset before it by
/// writing 5 to /proc/self/clear_refs, so the warm-up does not count; elsewhere the whole process's peak.
/// The peer (torch_realistic.py) measures the same way, so both include their runtime's resident baseline.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Collects the warm-up's garbage and restarts the high-water mark where the system allows it.</summary>
    public static void Reset()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // not Linux: the process peak stands
    }

    /// <summary>Peak resident bytes since <see cref="Reset"/> (or since the process started).</summary>
    public static long Read()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
