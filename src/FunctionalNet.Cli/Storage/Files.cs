using System.Text;
using FunctionalNet.Cli.Limits;
using LanguageExt;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Storage;

/// <summary>File access that turns every I/O failure into one line naming the file.</summary>
internal static class Files
{
    /// <summary>
    /// The whole file, if it exists, is readable and is at most <paramref name="maxBytes"/> long — counted as read,
    /// since a device or a pipe reports no length (a link to /dev/zero would otherwise be read until memory runs out).
    /// </summary>
    public static Either<CliError, byte[]> ReadBytes(string path, string what, long maxBytes = long.MaxValue) =>
        Guard<byte[]>(path, what, () =>
        {
            if (!File.Exists(path)) return Missing(path, what);
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var bounded = new BoundedStream(file, $"{what} {path}", maxBytes);
            using var bytes = new MemoryStream(file.CanSeek ? (int)Math.Min(file.Length, Math.Min(maxBytes, Array.MaxLength)) : 0);
            bounded.CopyTo(bytes);
            return bytes.Length == bytes.Capacity ? bytes.GetBuffer() : bytes.ToArray();
        });

    /// <summary>The whole file as UTF-8 text (a byte-order mark honoured), at most <see cref="InputCaps.CardBytes"/> long.</summary>
    public static Either<CliError, string> ReadText(string path, string what) =>
        ReadBytes(path, what, InputCaps.CardBytes).Map(bytes =>
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        });

    /// <summary>Runs an I/O action, mapping the exceptions file access can raise to a one-line error.</summary>
    public static Either<CliError, T> Guard<T>(string path, string what, Func<Either<CliError, T>> action)
    {
        try
        {
            return action();
        }
        catch (InputTooLargeException e)
        {
            return new CliError(new Error("file.too-large", e.Message));
        }
        catch (ArgumentException) when (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            // The file APIs refuse these names before any system call, with an exception rather than an error code.
            return new CliError(new Error("file.path", $"{what} '{path.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a usable path (empty, or holding a NUL character)"));
        }
        catch (Exception e) when (IoErrors.Describe(e, path, what) is { } error)
        {
            return new CliError(error);
        }
    }

    private static CliError Missing(string path, string what) => new(IoErrors.Missing(path, what));
}
