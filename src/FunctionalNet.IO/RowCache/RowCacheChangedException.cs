namespace FunctionalNet.IO;

/// <summary>
/// A cache ended before the end its header states while training read it: truncated (or rewritten shorter) by someone
/// else after it was opened and verified. An <see cref="IOException"/>, so the file guard turns it into one line.
/// </summary>
internal sealed class RowCacheChangedException(long position, long length)
    : IOException($"the file ended at byte {position} while training read it, but it had {length} bytes when opened: it was truncated or rewritten during the run");
