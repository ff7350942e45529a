using System.Globalization;

namespace FunctionalNet.Cli.Storage;

/// <summary>
/// A view of a stream that counts the bytes actually read (a device or a pipe has no length to check
/// beforehand) and fails with <see cref="InputTooLargeException"/> once they pass <paramref name="maxBytes"/>, or once a
/// line passes <paramref name="maxLineBytes"/>: the only limit a reader of /dev/zero meets before memory runs out.
/// Line breaks are counted as bytes 0A and 0D, which UTF-8 never uses inside a character.
/// </summary>
/// <param name="inner">The stream read; disposed with this one.</param>
/// <param name="description">What and where, for the message, e.g. "data file x.csv".</param>
internal sealed class BoundedStream(Stream inner, string description, long maxBytes, long maxLineBytes = long.MaxValue) : Stream
{
    private long read;
    private long line;

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => read;

    public override bool CanRead => true;

    // A regular file can be rewound (the CSV loader counts its lines first, to allocate the rows once); the count then
    // restarts from the new position, so a second pass is capped as the first was. Pipes and devices (which may seek
    // but report no length, like /dev/zero) stay forward-only.
    public override bool CanSeek => inner.CanSeek && inner.Length > 0;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => CanSeek ? inner.Position : read;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // One byte more than the cap may be asked for, so a file of exactly the cap is read whole and reaches its end.
        long room = maxBytes - read + 1;
        int got = inner.Read(buffer[..(int)Math.Min(buffer.Length, Math.Max(room, 1))]);
        read += got;
        if (read > maxBytes)
            throw new InputTooLargeException(Inv($"{description} is larger than the {maxBytes:N0}-byte cap"));
        if (maxLineBytes < long.MaxValue) CountLine(buffer[..got]);
        return got;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin)
    {
        long at = inner.Seek(offset, origin);
        (read, line) = (at, 0);
        return at;
    }

    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    private void CountLine(ReadOnlySpan<byte> bytes)
    {
        while (true)
        {
            int end = bytes.IndexOfAny((byte)'\n', (byte)'\r');
            if (line + (end < 0 ? bytes.Length : end) > maxLineBytes)
                throw new InputTooLargeException(Inv($"{description} has a line longer than the {maxLineBytes:N0}-byte cap"));
            if (end < 0)
            {
                line += bytes.Length;
                return;
            }
            line = 0;
            bytes = bytes[(end + 1)..];
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
