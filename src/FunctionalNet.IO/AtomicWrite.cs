namespace FunctionalNet.IO;

/// <summary>
/// Writes files so a reader (or a crash) never sees half of one: the bytes go to a temporary file in the same
/// directory, are flushed to disk, and only then renamed over the target (rename is atomic within a file system).
/// </summary>
internal static class AtomicWrite
{
    /// <summary>Suffix of temporary files; a save removes any left by an earlier killed process.</summary>
    public const string TempSuffix = ".fnet-tmp";

    /// <summary>
    /// Stages <paramref name="bytes"/> beside <paramref name="path"/> and returns the temporary file's path. A write
    /// that fails deletes the partial temporary file; EFBIG becomes a <see cref="FileTooLargeException"/>.
    /// </summary>
    public static string Stage(string path, byte[] bytes) => Stage(path, stream => stream.Write(bytes));

    /// <summary>Stages what <paramref name="write"/> writes (the seam tests use to fail a write half-way).</summary>
    internal static string Stage(string path, Action<Stream> write)
    {
        string temp = path + "." + Guid.NewGuid().ToString("N")[..8] + TempSuffix;
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        bool staged = false;
        try
        {
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            staged = true;
            return temp;
        }
        catch (ArgumentOutOfRangeException e)
        {
            // .NET maps errno EFBIG to this (Interop.GetExceptionForIoErrno); nothing else in this block throws it.
            throw new FileTooLargeException(path, e);
        }
        finally
        {
            // Only a file this call created and could not finish; the failure itself propagates.
            if (!staged) File.Delete(temp);
        }
    }

    /// <summary>Replaces <paramref name="path"/> by a staged file in one rename.</summary>
    public static void Commit(string staged, string path) => File.Move(staged, path, overwrite: true);

    /// <summary>Writes one file atomically.</summary>
    public static void Write(string path, byte[] bytes)
    {
        string staged = Stage(path, bytes);
        try
        {
            Commit(staged, path);
        }
        finally
        {
            if (File.Exists(staged)) File.Delete(staged);
        }
    }

    /// <summary>Deletes temporary files a killed save may have left in <paramref name="directory"/>.</summary>
    public static void RemoveStale(string directory)
    {
        foreach (var stale in Directory.EnumerateFiles(directory, "*" + TempSuffix)) File.Delete(stale);
    }
}
