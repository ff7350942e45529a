using System.Diagnostics;
using System.Runtime.InteropServices;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>Device nodes, FIFOs and links for the special-file tests (the tests run as root, so mknod works).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static partial class SpecialFiles
{
    /// <summary>A copy of <c>/dev/null</c> (minor 3) or <c>/dev/full</c> (minor 7) at <paramref name="path"/>, made with mknod.</summary>
    public static string Device(string path, int minor = 3)
    {
        var info = new ProcessStartInfo("mknod") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { path, "c", "1", minor.ToString(System.Globalization.CultureInfo.InvariantCulture) }) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"mknod {path} failed (the tests need root): {error}");
        return path;
    }

    /// <summary>A named pipe at <paramref name="path"/>.</summary>
    public static string Fifo(string path)
    {
        if (MakeFifo(path, Convert.ToUInt32("600", 8)) != 0) throw new InvalidOperationException($"mkfifo {path} failed");
        return path;
    }

    /// <summary>
    /// What the path is, and where a link leads and what that is: the state a write must leave as it found it
    /// (a regular file's bytes may change; its kind may not).
    /// </summary>
    public static string Shape(string path)
    {
        var kind = FileNode.Of(path);
        if (kind != FileNodeKind.Link) return kind.ToString();
        string target = new FileInfo(path).LinkTarget!;
        string resolved = Path.IsPathRooted(target) ? target : Path.Combine(Path.GetDirectoryName(path)!, target);
        return $"link to {target} ({FileNode.Of(resolved)})";
    }

    /// <summary>
    /// The descriptor number of the writing end of a new pipe whose reader drains it for the process's lifetime,
    /// so <c>/proc/self/fd/N</c> is a link to a pipe, as <c>/dev/stdout</c> is (the test host's own stdout is not touched).
    /// </summary>
    public static int Pipe()
    {
        var server = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.In, HandleInheritability.None);
        Task.Factory.StartNew(() => server.CopyTo(Stream.Null), TaskCreationOptions.LongRunning);
        Pipes.Add(server);
        return (int)server.ClientSafePipeHandle.DangerousGetHandle();
    }

    // Kept alive (and so open) for the test process's lifetime: a case may write to one at any time.
    private static readonly System.Collections.Concurrent.ConcurrentBag<System.IO.Pipes.AnonymousPipeServerStream> Pipes = [];

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, uint mode);
}

/// <summary>
/// A reader that drains a FIFO on its own thread, so a writer's open returns; disposing it opens the writing end
/// once itself if nobody did, so the reader (blocked in open) always ends.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class FifoDrain : IDisposable
{
    private readonly string path;
    private readonly Task<long> reader;

    public FifoDrain(string path)
    {
        this.path = path;
        reader = Task.Factory.StartNew(() =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var sink = new MemoryStream();
            stream.CopyTo(sink);
            return sink.Length;
        }, TaskCreationOptions.LongRunning);
    }

    /// <summary>Bytes read so far (after the writer closed), or −1 while the reader still waits.</summary>
    public long Read => reader.IsCompletedSuccessfully ? reader.Result : -1;

    public void Dispose()
    {
        if (!reader.Wait(100))
        {
            // The reader waits in open(2) for a writer that never came: be that writer, with nothing to say.
            using (new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { }
            reader.Wait(10_000);
        }
    }
}
