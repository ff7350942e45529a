using LanguageExt;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Storage;

/// <summary>File access that turns every I/O failure into one line naming the file.</summary>
internal static class Files
{
    /// <summary>The whole file, if it exists, is readable and is at most <paramref name="maxBytes"/> long.</summary>
    public static Either<CliError, byte[]> ReadBytes(string path, string what, long maxBytes = long.MaxValue) =>
        Guard<byte[]>(path, what, () =>
        {
            var info = new FileInfo(path);
            if (!info.Exists) return Missing(path, what);
            if (info.Length > maxBytes)
                return new CliError(new Error("file.too-large", $"{what} {path} is {info.Length} bytes, more than the {maxBytes} expected"));
            return File.ReadAllBytes(path);
        });

    /// <summary>The whole file as UTF-8 text.</summary>
    public static Either<CliError, string> ReadText(string path, string what) =>
        Guard<string>(path, what, () => File.Exists(path) ? File.ReadAllText(path) : Missing(path, what));

    /// <summary>Opens a file for streaming reads.</summary>
    public static Either<CliError, Stream> Open(string path, string what) =>
        Guard<Stream>(path, what, () => File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read) : Missing(path, what));

    /// <summary>Runs an I/O action, mapping the exceptions file access can raise to a one-line error.</summary>
    public static Either<CliError, T> Guard<T>(string path, string what, Func<Either<CliError, T>> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IoErrors.Describe(e, path, what) is { } error)
        {
            return new CliError(error);
        }
    }

    private static CliError Missing(string path, string what) => new(IoErrors.Missing(path, what));
}
