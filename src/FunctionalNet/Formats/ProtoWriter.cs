using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FunctionalNet.Formats;

/// <summary>
/// A minimal Protocol Buffers encoder: varint, 32-bit and length-delimited fields, which is all an ONNX
/// ModelProto needs. Hand-written because the pure core takes no I/O or native dependencies, and Google.Protobuf
/// (with generated code for the whole of onnx.proto) would be a large dependency for a few dozen fields.
/// </summary>
/// <remarks>Repeated scalars are written unpacked, one tag per value, as proto2 (onnx.proto's syntax) does by default.</remarks>
internal sealed class ProtoWriter
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    private readonly ArrayBufferWriter<byte> buffer = new();

    /// <summary>An int64, int32 or enum field (negative values take ten bytes, as protobuf's two's complement does).</summary>
    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, WireVarint);
        RawVarint((ulong)value);
        return this;
    }

    /// <summary>A <c>float</c> field: four little-endian bytes.</summary>
    public ProtoWriter Float(int field, float value)
    {
        Tag(field, WireFixed32);
        BinaryPrimitives.WriteSingleLittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
        return this;
    }

    /// <summary>A <c>bytes</c> field.</summary>
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLengthDelimited);
        RawVarint((ulong)value.Length);
        buffer.Write(value);
        return this;
    }

    /// <summary>A <c>string</c> field, UTF-8.</summary>
    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>An embedded message, encoded by <paramref name="body"/> into its own writer first (its length precedes it).</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> body)
    {
        var inner = new ProtoWriter();
        body(inner);
        return Bytes(field, inner.buffer.WrittenSpan);
    }

    /// <summary>The encoded bytes.</summary>
    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private void RawVarint(ulong value)
    {
        var span = buffer.GetSpan(10);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        buffer.Advance(n);
    }
}
