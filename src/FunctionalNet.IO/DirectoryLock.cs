using System.Globalization;
using System.Text;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// An advisory lock on a model directory for as long as a run writes into it: <c>DIR/.fnet.lock</c> opened with
/// <see cref="FileShare.None"/> (on Linux and macOS an exclusive <c>flock</c>), so a second writer is refused instead
/// of interleaving its save with ours. The kernel drops the lock when its holder exits, however it dies, so a lock
/// left by a killed process never blocks the next run. The holder's pid is written beside it, for the refusal message.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    public const string LockFile = ".fnet.lock";
    public const string OwnerFile = ".fnet.lock.owner";

    private readonly FileStream stream;
    private readonly string directory;
    private readonly bool created;

    private DirectoryLock(FileStream stream, string directory, bool created)
    {
        this.stream = stream;
        this.directory = directory;
        this.created = created;
    }

    /// <summary>The lock on <paramref name="directory"/> (created if needed), or an error naming who holds it.</summary>
    public static Either<Error, DirectoryLock> Acquire(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (File.Exists(directory))
            return new Error("model.out", $"model directory {directory} is an existing file, expected a directory");
        return IoErrors.Guard<DirectoryLock>(directory, "model directory", () =>
        {
            // A holder that removes the directory it created may do so between our open and our lock (see Dispose):
            // then we hold a lock on a file no path leads to, and try again on the new one.
            for (int attempt = 0; ; attempt++)
            {
                bool created = !Directory.Exists(directory);
                Directory.CreateDirectory(directory);
                string path = Path.Combine(directory, LockFile);
                FileStream stream;
                try
                {
                    stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException e) when (IsHeld(e))
                {
                    return new Error("model.locked",
                        $"model directory {directory} is in use by another run ({Holder(directory)} holds {path}); wait for it to end or choose another --out");
                }
                if (!OrphanedOnUnix(path) || attempt == 3)
                    return Own(stream, directory, created);
                stream.Dispose();
            }
        });
    }

    private static Either<Error, DirectoryLock> Own(FileStream stream, string directory, bool created)
    {
        try
        {
            AtomicWrite.Write(Path.Combine(directory, OwnerFile), Encoding.UTF8.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            return new DirectoryLock(stream, directory, created);
        }
        catch
        {
            stream.Dispose(); // a failed setup releases the lock; the failure itself propagates to the guard
            throw;
        }
    }

    // On Unix the path leads to our locked file exactly when opening it again is refused (our exclusive flock).
    private static bool OrphanedOnUnix(string path)
    {
        if (OperatingSystem.IsWindows()) return false;
        try
        {
            using var again = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return true;
        }
        catch (FileNotFoundException)
        {
            return true;
        }
        catch (IOException e) when (IsHeld(e))
        {
            return false;
        }
    }

    // EWOULDBLOCK (11 on Linux, 35 on macOS) from flock, or Windows' sharing violation.
    private static bool IsHeld(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020);

    // The pid the holder wrote, read with a small cap (the file is anyone's to replace); the holder may not have written it yet.
    private static string Holder(string directory) =>
        BoundedRead.Bytes(Path.Combine(directory, OwnerFile), "lock owner", 64).Match(
            bytes => int.TryParse(Encoding.UTF8.GetString(bytes).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? $"pid {pid}" : "a process",
            _ => "a process");

    /// <summary>
    /// Releases the lock. The owner file goes first, while it is ours to remove; a directory this lock created that
    /// holds nothing else (the run saved nothing) is removed too, so a failed run leaves no trace.
    /// </summary>
    public void Dispose()
    {
        string[] ours = [Path.Combine(directory, OwnerFile), Path.Combine(directory, LockFile)];
        try
        {
            File.Delete(ours[0]);
            if (created && Directory.EnumerateFileSystemEntries(directory).All(ours.Contains))
            {
                File.Delete(ours[1]);
                Directory.Delete(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftover lock files only name a pid in a message; the lock itself is released below either way.
        }
        stream.Dispose();
    }
}
