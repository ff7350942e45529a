namespace FunctionalNet.Tests.Hardening;

/// <summary>A read-only stream that cannot seek or tell its length, like a pipe: loaders cannot size buffers from it.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    private readonly MemoryStream inner = new(bytes, writable: false);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("a forward-only stream has no length");

    public override long Position
    {
        get => throw new NotSupportedException("a forward-only stream has no position");
        set => throw new NotSupportedException("a forward-only stream has no position");
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a forward-only stream cannot seek");

    public override void SetLength(long value) => throw new NotSupportedException("a forward-only stream is read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a forward-only stream is read-only");

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
