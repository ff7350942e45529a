using FunctionalNet.Formats;

namespace FunctionalNet.Tests.Formats;

/// <summary>The protobuf encoder against bytes worked out from the encoding rules (protobuf.dev/programming-guides/encoding).</summary>
public class ProtoWriterTests
{
    [Fact]
    public void Varints_take_seven_bits_a_byte_and_negative_numbers_ten_bytes()
    {
        Assert.Equal([0x08, 0x96, 0x01], new ProtoWriter().Varint(1, 150).ToArray());
        Assert.Equal([0x10, 0x00], new ProtoWriter().Varint(2, 0).ToArray());
        Assert.Equal([0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], new ProtoWriter().Varint(1, -1).ToArray());
        Assert.Equal([0xA0, 0x01, 0x02], new ProtoWriter().Varint(20, 2).ToArray()); // AttributeProto.type: a two-byte tag
    }

    [Fact]
    public void Strings_floats_and_messages_are_length_delimited_or_fixed()
    {
        Assert.Equal([0x12, 0x07, .. "testing"u8], new ProtoWriter().String(2, "testing").ToArray());
        Assert.Equal([0x15, 0x00, 0x00, 0x80, 0x3F], new ProtoWriter().Float(2, 1f).ToArray());
        Assert.Equal([0x1A, 0x03, 0x08, 0x96, 0x01], new ProtoWriter().Message(3, m => m.Varint(1, 150)).ToArray());
        Assert.Equal([0x0A, 0x00], new ProtoWriter().String(1, "").ToArray());
    }
}
