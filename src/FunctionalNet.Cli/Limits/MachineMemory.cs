using System.Globalization;

namespace FunctionalNet.Cli.Limits;

/// <summary>How much memory this process may still take: the GC's limit (a container's or DOTNET_GCHeapHardLimit),
/// or the kernel's MemAvailable when that is lower.</summary>
internal static class MachineMemory
{
    public static long AvailableBytes()
    {
        long limit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long used = GC.GetTotalMemory(forceFullCollection: false);
        long room = Math.Max(0, limit - used);
        return MemAvailable() is { } free ? Math.Min(room, free) : room;
    }

    // The kernel's estimate of memory a new allocation can get without swapping (Linux only; elsewhere null).
    private static long? MemAvailable()
    {
        try
        {
            if (!File.Exists("/proc/meminfo")) return null;
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                    && long.TryParse(line["MemAvailable:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long kb))
                    return kb * 1024;
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
