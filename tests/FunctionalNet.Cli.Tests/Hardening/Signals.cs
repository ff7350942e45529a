using System.Runtime.InteropServices;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>POSIX signals for fault tests (Process.Kill sends only SIGKILL).</summary>
internal static partial class Signals
{
    public const int Interrupt = 2;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; throws when the kernel refuses.</summary>
    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
