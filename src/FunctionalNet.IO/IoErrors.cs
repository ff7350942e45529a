namespace FunctionalNet.IO;

/// <summary>The one place file-access exceptions become one-line <see cref="Error"/>s naming the file.</summary>
internal static class IoErrors
{
    /// <summary>The error for an exception file access can raise, or null for any other exception (a bug, left to propagate).</summary>
    public static Error? Describe(Exception exception, string path, string what) => exception switch
    {
        FileTooLargeException e => new Error("file.too-large-to-write", $"cannot write {e.Path}: {e.Message}"),
        // The file APIs refuse these names before any system call, with an exception rather than an error code.
        ArgumentException when path.Length == 0 || path.Contains('\0', StringComparison.Ordinal) =>
            new Error("file.path", $"{what} '{path.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a usable path (empty, or holding a NUL character)"),
        IOException or UnauthorizedAccessException or System.Security.SecurityException =>
            new Error("file.io", $"cannot access {what} {path}: {exception.Message}"),
        _ => null,
    };

    /// <summary>Runs an I/O action, mapping the exceptions file access can raise to a one-line error.</summary>
    public static LanguageExt.Either<Error, T> Guard<T>(string path, string what, Func<LanguageExt.Either<Error, T>> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Describe(e, path, what) is { } error)
        {
            return error;
        }
    }

    /// <summary>The error for a path that is missing or is a directory.</summary>
    public static Error Missing(string path, string what) =>
        new("file.missing", Directory.Exists(path) ? $"{what} {path} is a directory, expected a file" : $"{what} {path} does not exist");
}
