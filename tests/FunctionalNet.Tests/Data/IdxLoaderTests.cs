using System.Buffers.Binary;
using FunctionalNet.Data.Loading;

namespace FunctionalNet.Tests.Data;

public class IdxLoaderTests
{
    // An IDX file: 0, 0, type, rank, big-endian sizes, then the bytes.
    private static MemoryStream Idx(int[] dims, byte[] data, byte type = 0x08)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dims.Length };
        var size = new byte[4];
        foreach (int d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(size, d);
            bytes.AddRange(size);
        }
        bytes.AddRange(data);
        return new MemoryStream([.. bytes]);
    }

    private static string Message(MemoryStream stream) =>
        IdxLoader.Read(stream, "x.idx").Match(_ => throw new InvalidOperationException("expected an error"), e => e.Head.Code + ": " + e.Head.Message);

    [Fact]
    public void Reads_images_and_labels_into_a_dataset()
    {
        var pixels = Enumerable.Range(0, 3 * 2 * 2).Select(i => (byte)(i * 20)).ToArray();
        using var images = Idx([3, 2, 2], pixels);
        using var labels = Idx([3], [7, 0, 7]);
        var d = IdxLoader.Load(images, "images.idx", labels, "labels.idx", scale: 1 / 255.0)
            .Match(x => x, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal(3, d.Count);
        Assert.Equal(4, d.FeatureCount);
        Assert.Equal(220 / 255.0, d.Features[2, 3], 15);
        Assert.Equal([7, 0, 7], d.Labels.ToArray());
        Assert.Equal(8, d.Classes.ClassCount);
    }

    [Fact]
    public void Reads_the_header_dimensions()
    {
        var a = IdxLoader.Read(Idx([2, 3], [1, 2, 3, 4, 5, 6]), "a").Match(x => x, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal([2, 3], a.Dimensions.ToArray());
        Assert.Equal(3, a.ItemSize);
        Assert.Equal((byte)6, a.Data[5]);
    }

    [Fact]
    public void Data_shorter_than_the_header_says_is_a_size_error() =>
        Assert.Equal("idx.size: x.idx, byte 21: expected 12 data bytes for shape 3×2×2 after byte 16, found 5", Message(Idx([3, 2, 2], new byte[5])));

    [Fact]
    public void Data_longer_than_the_header_says_is_a_size_error() =>
        Assert.Equal("idx.size: x.idx, byte 16: expected the file to end after 4 data bytes for shape 2×2, found more", Message(Idx([2, 2], new byte[5])));

    [Fact]
    public void A_truncated_header_is_a_size_error() =>
        Assert.Equal("idx.size: x.idx, byte 0: expected a 4-byte IDX header, found 2 byte(s)", Message(new MemoryStream([0, 0])));

    [Fact]
    public void A_wrong_magic_is_an_error() =>
        Assert.Equal("idx.magic: x.idx, byte 0: expected the IDX magic 0x00 0x00, found 0x1F 0x8B", Message(new MemoryStream([0x1F, 0x8B, 8, 1, 0, 0, 0, 0])));

    [Fact]
    public void Types_other_than_unsigned_bytes_are_an_error() =>
        Assert.Equal("idx.type: x.idx, byte 2: expected element type 0x08 (unsigned byte), found 0x0D", Message(Idx([1], new byte[4], type: 0x0D)));

    [Fact]
    public void A_zero_dimension_is_an_error() =>
        Assert.Equal("idx.dimensions: x.idx, byte 8: expected dimension 2 to be positive, found 0", Message(Idx([2, 0], [])));

    [Fact]
    public void Label_count_must_match_the_images()
    {
        var result = IdxLoader.Load(Idx([2, 1], [1, 2]), "img", Idx([3], [0, 1, 0]), "lab");
        Assert.Equal("idx.count-mismatch: lab, byte 4: expected 2 labels (one per image of img), found 3",
            result.Match(_ => "", e => e.Head.Code + ": " + e.Head.Message));
    }

    [Fact]
    public void A_single_class_is_an_error()
    {
        var result = IdxLoader.Load(Idx([2, 1], [1, 2]), "img", Idx([2], [4, 4]), "lab");
        Assert.Equal("idx.single-class", result.Match(_ => "", e => e.Head.Code));
    }

    [Fact]
    public void A_single_class_loads_when_allowed_for_scoring()
    {
        var d = IdxLoader.Load(Idx([2, 1], [1, 2]), "img", Idx([2], [4, 4]), "lab", allowSingleClass: true)
            .Match(x => x, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal([4, 4], d.Labels.ToArray());
        Assert.Equal(5, d.Classes.ClassCount); // classes 0…max label, as for any IDX file
    }

    [Fact]
    public void ToDataset_on_arrays_read_one_by_one_gives_what_Load_gives()
    {
        var pixels = Enumerable.Range(0, 12).Select(i => (byte)(i * 9)).ToArray();
        var x = IdxLoader.Read(Idx([3, 2, 2], pixels), "img").Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var y = IdxLoader.Read(Idx([3], [2, 0, 1]), "lab").Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var split = IdxLoader.ToDataset(x, "img", y, "lab", 0.5).Match(d => d, e => throw new InvalidOperationException(e.Head.Message));
        var whole = IdxLoader.Load(Idx([3, 2, 2], pixels), "img", Idx([3], [2, 0, 1]), "lab", 0.5).Match(d => d, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal(whole.Features.Span.ToArray(), split.Features.Span.ToArray());
        Assert.Equal(whole.Labels.ToArray(), split.Labels.ToArray());
        Assert.Equal(whole.Classes.ClassNames.ToArray(), split.Classes.ClassNames.ToArray());
        Assert.Equal("idx.count-mismatch", IdxLoader.ToDataset(x, "img", new IdxArray([2], [0, 1]), "lab").Match(_ => "", e => e.Head.Code));
    }

    [Fact]
    public void ToDataset_refuses_a_hand_built_array_whose_data_does_not_fill_its_shape() =>
        Assert.Throws<ArgumentException>(() => IdxLoader.ToDataset(new IdxArray([2, 2], [1, 2, 3]), "img", new IdxArray([2], [0, 1]), "lab"));

    [Fact]
    public void Problems_in_both_files_are_reported_together()
    {
        var result = IdxLoader.Load(Idx([2, 2], [1]), "img", new MemoryStream([9]), "lab");
        Assert.Equal(["img", "lab"], result.Match(_ => [], e => e.Select(x => x.Message.Split(',')[0]).ToArray()));
    }
}
