using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

/// <summary>The embedded digits are shared by every caller, so they must be read-only and always the same numbers.</summary>
public sealed class BundledDigitsTests
{
    [Fact]
    public void Labels_are_immutable_and_the_splits_have_their_sizes_and_ten_classes()
    {
        // The declared type is the guarantee: an int[] here would let one caller overwrite everyone's labels.
        Assert.Equal(typeof(ImmutableArray<int>), typeof(LabelledData).GetProperty(nameof(LabelledData.Labels))!.PropertyType);
        Assert.Equal(typeof(ReadOnlySpan<double>), typeof(FunctionalNet.Matrix<double>).GetProperty("Span")!.PropertyType);

        Assert.Equal((1347, 64), (BundledDigits.Train.Features.Rows, BundledDigits.Train.Features.Cols));
        Assert.Equal((450, 64), (BundledDigits.Test.Features.Rows, BundledDigits.Test.Features.Cols));
        Assert.Equal(1347, BundledDigits.Train.Labels.Length);
        Assert.Equal(450, BundledDigits.Test.Labels.Length);
        Assert.Equal(Enumerable.Range(0, 10), BundledDigits.Train.Labels.Distinct().Order());
        Assert.Equal(Enumerable.Range(0, 10), BundledDigits.Test.Labels.Distinct().Order());
        Assert.Equal(BundledDigits.Train.Labels, BundledDigits.Train.Labels.ToArray()); // two reads, the same contents
    }

    [Fact]
    public void The_first_rows_are_the_files_first_rows()
    {
        Assert.Equal([0.0, 0, 0, 10, 12, 15, 16, 13], BundledDigits.Train.Features.Row(0)[..8].ToArray());
        Assert.Equal(7, BundledDigits.Train.Labels[0]);
        Assert.Equal([0.0, 0, 7, 16, 14, 3, 0, 0], BundledDigits.Test.Features.Row(0)[..8].ToArray());
        Assert.Equal(2, BundledDigits.Test.Labels[0]);
    }

    // SHA-256 of the features' bytes and of the labels as read by the original hand-written reader, so any other
    // reader must produce the same bits and the same class numbers.
    [Theory]
    [InlineData("train", "ECCC8B5A289D507B700CDA5E229A10B5C7D7314EE17B321BB2241F94D80CC4C6", "7B44826D30D9028635DD890A8B3D5783BC8184A19C1104DAFAD53512E2232371")]
    [InlineData("test", "6182EC8C9AE7611F938952D05B5EF4C31DF9C49CE69B4EEB83F8E6E60B190602", "92EC73515AF8E038FD138D25FDE5E1EFA50AE11AFF56613E2D1F42F2FCCF20DF")]
    public void Features_and_labels_are_bit_identical_to_the_original_reader(string split, string features, string labels)
    {
        var data = split == "train" ? BundledDigits.Train : BundledDigits.Test;
        Assert.Equal(features, Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(data.Features.Span))));
        Assert.Equal(labels, Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(data.Labels.AsSpan()))));
    }
}
