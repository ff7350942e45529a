using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Data.Loading;
using Xunit.Abstractions;

namespace FunctionalNet.Tests.Hardening;

/// <summary>The IDX loader under attack: about 10,000 hostile files; headers that promise more data than there is must not allocate it.</summary>
public class IdxFuzzTests(ITestOutputHelper output)
{
    private const int Timeout = 60_000;

    private static bool Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return IdxLoader.Read(stream, "x.idx").IsSuccess;
    }

    private static Gen<byte[]> Valid =>
        from rank in Gen.Choose(1, 3)
        from dims in Gen.Choose(1, 4).ArrayOf(rank)
        from data in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(dims.Aggregate(1, (p, d) => p * d))
        select Idx(0x08, dims.Select(d => (uint)d).ToArray(), data);

    [Fact(Timeout = Timeout)]
    public Task Random_bytes_truncations_and_flips() => Run(() =>
    {
        Report("random bytes", Hostile.Check(Mutations.RandomBytes(64), Read, 2000));
        Report("truncated", Hostile.Check(Mutations.Truncated(Valid), Read, 2000));
        Report("flipped", Hostile.Check(Mutations.Flipped(Valid), Read, 2000));
        Assert.True(Hostile.Check(Valid, Read, 200).Accepted == 200, "every unmutated file must be accepted");
    });

    [Fact(Timeout = Timeout)]
    public Task Headers_declaring_huge_or_overflowing_shapes_over_little_data() => Run(() =>
    {
        var size = Gen.Frequency((3, Gen.Choose(0, 5).Select(d => (uint)d)),
            (2, Gen.Elements<uint>(0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x10000, 60000, 46341, 65536)));
        var hostile =
            from type in Gen.Elements<byte>(0x08, 0x08, 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x00)
            from rank in Gen.Frequency((5, Gen.Choose(1, 4)), (1, Gen.Elements(0, 255)))
            from dims in size.ArrayOf(Math.Min(rank, 8))
            from data in Gen.Choose(0, 64).SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n))
            select WithRank(Idx(type, dims, data), rank);
        Report("hostile header", Hostile.Check(hostile, Read, 2500));
        Report("hostile header, forward-only stream", Hostile.Check(hostile, bytes =>
        {
            using var stream = new ForwardOnlyStream(bytes);
            return IdxLoader.Read(stream, "pipe").IsSuccess;
        }, 2500));
    });

    [Fact(Timeout = Timeout)]
    public Task Image_and_label_pairs_that_disagree() => Run(() =>
    {
        var pairs =
            from images in Gen.OneOf(Valid, Mutations.Flipped(Valid))
            from labels in Gen.OneOf(Valid, Mutations.Truncated(Valid))
            select (images, labels);
        var tally = new Tally();
        Support.Properties.Check(Prop.ForAll(pairs.ToArbitrary(), p =>
        {
            string? problem = Hostile.Judge([.. p.images, .. p.labels], _ =>
            {
                using var x = new MemoryStream(p.images, writable: false);
                using var y = new MemoryStream(p.labels, writable: false);
                return IdxLoader.Load(x, "images.idx", y, "labels.idx", 1 / 255.0).IsSuccess;
            }, tally);
            Assert.True(problem is null, problem);
        }), 1000);
        Report("image/label pairs", tally);
    });

    private static byte[] Idx(byte type, uint[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static byte[] WithRank(byte[] bytes, int rank)
    {
        bytes[3] = (byte)rank;
        return bytes;
    }

    private void Report(string what, Tally tally) => output.WriteLine($"idx, {what}: {tally}");

    private static Task Run(Action test) => Task.Run(test);
}
