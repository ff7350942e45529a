namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// Bytes already read from a stream that cannot rewind (a pipe, a FIFO, stdin, a decompressor), followed by the rest
/// of it: the format check reads a file's first bytes and the loader still sees them, with the file opened once.
/// </summary>
internal sealed class ReplayStream(byte[] head, Stream rest) : Stream
{
    private int at;

    /// <summary>Reads up to <paramref name="count"/> bytes of <paramref name="stream"/>: fewer at its end.</summary>
    public static (byte[] Head, Stream Whole) Peek(Stream stream, int count)
    {
        var head = new byte[count];
        int got = stream.ReadAtLeast(head, count, throwOnEndOfStream: false);
        return (head[..got], new ReplayStream(head[..got], stream));
    }

    public override bool CanRead => true;

    // Over a stream that can rewind, the head is only a shortcut: seeking moves the stream itself and drops it.
    public override bool CanSeek => rest.CanSeek;
    public override bool CanWrite => false;
    public override long Length => rest.Length;

    public override long Position
    {
        get => rest.Position - (head.Length - at);
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (at == head.Length) return rest.Read(buffer);
        int n = Math.Min(buffer.Length, head.Length - at);
        head.AsSpan(at, n).CopyTo(buffer);
        at += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin)
    {
        if (origin == SeekOrigin.Current) (offset, origin) = (Position + offset, SeekOrigin.Begin);
        at = head.Length;
        return rest.Seek(offset, origin);
    }

    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) rest.Dispose();
        base.Dispose(disposing);
    }
}
