using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// Reads a whole file with a cap on the bytes actually read, not on <see cref="FileInfo.Length"/>: a symlink to
/// <c>/dev/zero</c> or another device reports length 0 and never ends, and must be refused, not read until memory runs out.
/// </summary>
internal static class BoundedRead
{
    public static Either<Error, byte[]> Bytes(string path, string what, long maxBytes) =>
        IoErrors.Guard<byte[]>(path, what, () =>
        {
            if (!File.Exists(path)) return IoErrors.Missing(path, what);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            while (true)
            {
                int n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length));
                if (n == 0) return buffer.ToArray();
                buffer.Write(chunk, 0, n);
                if (buffer.Length > maxBytes)
                    return new Error("file.too-large", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what} {path} is larger than the {maxBytes:N0}-byte cap"));
            }
        });
}
