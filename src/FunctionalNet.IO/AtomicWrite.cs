namespace FunctionalNet.IO;

/// <summary>
/// Writes files so a reader (or a crash) never sees half of one: the bytes go to a temporary file in the same
/// directory, are flushed to disk, and only then renamed over the target (rename is atomic within a file system).
/// Only a regular file (or a missing one) is ever replaced: a character device or FIFO, or a link to one (as
/// <c>/dev/stdout</c> is), is written through; a link to a regular file keeps its link, its target being replaced;
/// anything else (a directory, a block device, a socket) is refused with an <see cref="IOException"/> naming it.
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
        string temp = TempPath(path);
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

    /// <summary>
    /// A new temporary name beside the file a write to <paramref name="path"/> replaces (beside a link's target, so
    /// the rename stays on one file system); for a device or FIFO, in the temporary directory, since it is copied through.
    /// </summary>
    public static string TempPath(string path)
    {
        var destination = Destination(path);
        string beside = destination.Through ? Path.Combine(Path.GetTempPath(), Path.GetFileName(path)) : destination.Path;
        return beside + "." + Guid.NewGuid().ToString("N")[..8] + TempSuffix;
    }

    /// <summary>
    /// Replaces <paramref name="path"/> by a staged file in one rename, or copies it through to a device or FIFO
    /// (then deletes it).
    /// </summary>
    public static void Commit(string staged, string path)
    {
        var destination = Destination(path);
        if (!destination.Through)
        {
            File.Move(staged, destination.Path, overwrite: true);
            return;
        }
        using (var source = new FileStream(staged, FileMode.Open, FileAccess.Read, FileShare.Read))
            WriteThrough(path, source.CopyTo);
        File.Delete(staged);
    }

    /// <summary>Writes one file atomically (or through, to a device or FIFO).</summary>
    public static void Write(string path, byte[] bytes)
    {
        if (Destination(path).Through)
        {
            WriteThrough(path, stream => stream.Write(bytes));
            return;
        }
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

    // Opened as it is, never created or truncated (neither means anything for a device or a pipe); a FIFO's open
    // waits for its reader, as a shell's redirection does.
    private static void WriteThrough(string path, Action<Stream> write)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        write(stream);
        stream.Flush();
    }

    /// <summary>Where a write to <paramref name="path"/> lands: the regular file to replace, or a node to write through.</summary>
    private static (string Path, bool Through) Destination(string path) => FileNode.Of(path) switch
    {
        FileNodeKind.Missing or FileNodeKind.Regular => (path, false),
        FileNodeKind.CharacterDevice or FileNodeKind.Fifo => (path, true),
        FileNodeKind.Link => FileNode.Followed(path) switch
        {
            FileNodeKind.CharacterDevice or FileNodeKind.Fifo => (path, true),
            // A link to a file (or to nothing yet) keeps pointing where it did: the file it leads to is replaced.
            FileNodeKind.Regular or FileNodeKind.Missing when Final(path) is { } target => (target, false),
            var kind => throw NotWritable(kind),
        },
        var kind => throw NotWritable(kind),
    };

    // The path a chain of links ends at, if it is a plain name (a /proc link to a pipe reads "pipe:[…]", no file).
    private static string? Final(string path)
    {
        string? target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName;
        return target is not null && FileNode.Of(target) is FileNodeKind.Regular or FileNodeKind.Missing ? target : null;
    }

    // The guard that reports this names the path already ("cannot access output file PATH: …").
    private static IOException NotWritable(FileNodeKind kind) => new(kind switch
    {
        FileNodeKind.Directory => "it is a directory, expected a file",
        FileNodeKind.Link => "it is a link that leads to neither a file nor a device",
        _ => "it is not a regular file, character device or FIFO, so it is neither replaced nor written",
    });
}
