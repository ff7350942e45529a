namespace FunctionalNet.IO;

/// <summary>
/// A write the kernel refused with EFBIG: the file would pass the process's file-size limit (<c>ulimit -f</c>, with
/// SIGXFSZ ignored) or the file system's largest file. .NET reports EFBIG as an <see cref="ArgumentOutOfRangeException"/>;
/// <see cref="AtomicWrite"/> turns it into this, naming the file, so <see cref="IoErrors.Guard{T}"/> can say so in one line.
/// </summary>
internal sealed class FileTooLargeException : IOException
{
    public FileTooLargeException(string path, Exception inner)
        : base("the file is larger than the file-size limit allows (EFBIG)", inner) => Path = path;

    /// <summary>The file being written (the target, not its temporary copy).</summary>
    public string Path { get; }
}
