namespace FunctionalNet.Cli.Storage;

/// <summary>
/// A read that passed its cap: more bytes than the file may hold, or (for CSV text) a line longer than any table
/// has. Raised by <see cref="BoundedStream"/> from inside a reader; <see cref="Files.Guard{T}"/> reports it in one line.
/// </summary>
internal sealed class InputTooLargeException(string message) : IOException(message);
