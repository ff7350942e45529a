using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data.Loading;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 32, item 3: <c>fnet cache</c> of IDX images reads them sequentially into the cache (IdxCacheWriter): byte for
/// byte the cache of the loaded table (with a pixel as <c>--weight-column</c> too), the loader's lines for a bad file, and images three times a heap limit cache within it.
/// </summary>
public class StreamedIdxCacheTests
{
    // An IDX file of unsigned bytes with the given dimensions, its data `cut` bytes short.
    private static byte[] Idx(int[] dims, Random random, int cut = 0, int classes = 0)
    {
        long total = dims.Aggregate(1L, (a, b) => a * b);
        var bytes = new byte[4 + 4 * dims.Length + total - cut];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        for (int i = 4 + 4 * dims.Length; i < bytes.Length; i++) bytes[i] = (byte)(classes > 0 ? (i - 4 - 4 * dims.Length) % classes : random.Next(256));
        return bytes;
    }

    [Property(MaxTest = 25)]
    public Property A_streamed_idx_cache_is_byte_for_byte_the_cache_of_the_loaded_images() =>
        Prop.ForAll((from seed in Gen.Choose(0, 10_000) from count in Gen.Choose(2, 30) from h in Gen.Choose(1, 5) from w in Gen.Choose(1, 4)
                     from rank in Gen.Elements(2, 3) from float32 in Gen.Elements(false, true) from chunk in Gen.Choose(1, 9)
                     from weight in Gen.Choose(-1, 19)
                     select (seed, count, h, w, rank, float32, chunk, weight)).ToArbitrary(), c =>
        {
            using var dir = new TempDirectory();
            var random = new Random(c.seed);
            int[] dims = c.rank == 2 ? [c.count, c.h] : [c.count, c.h, c.w];
            File.WriteAllBytes(dir["images.idx"], Idx(dims, random));
            File.WriteAllBytes(dir["labels.idx"], Idx([c.count], random, classes: 3));
            string dtype = c.float32 ? "float32" : "float64";
            // With --weight-column a pixel (of the first few, when the image has them) weighs its row, as WeightColumn.Take takes it.
            int width = dims.Skip(1).Aggregate(1, (a, b) => a * b);
            string? weight = c.weight >= 0 && width > 1 ? $"pixel{c.weight % width}" : null;
            var cached = Fnet.InProcess(["cache", "--data", dir["images.idx"], "--labels", dir["labels.idx"], "--dtype", dtype,
                "--chunk-rows", c.chunk.ToString(CultureInfo.InvariantCulture), "--out", dir["streamed.fnetc"], .. weight is null ? Array.Empty<string>() : ["--weight-column", weight]]);
            Assert.True(cached.ExitCode == 0, cached.Error);
            var loaded = LabelledFiles.Load(dir["images.idx"], dir["labels.idx"], CsvOptions.Default).Match(d => d, e => throw new InvalidOperationException(e.Error.Message));
            if (weight is not null) loaded = WeightColumn.Take(loaded, weight, dir["images.idx"]).Match(d => d, e => throw new InvalidOperationException(e.Message));
            Assert.True(RowCache.Write(loaded, dir["memory.fnetc"], c.float32, c.chunk).IsRight);
            return File.ReadAllBytes(dir["streamed.fnetc"]).SequenceEqual(File.ReadAllBytes(dir["memory.fnetc"]));
        });

    [Theory]
    [InlineData(3, 5)]
    [InlineData(0, 4)]
    public void A_bad_idx_file_is_the_loaders_line_and_leaves_no_cache(int cut, int labels)
    {
        using var dir = new TempDirectory();
        var random = new Random(5);
        File.WriteAllBytes(dir["images.idx"], Idx([5, 2, 2], random, cut));
        File.WriteAllBytes(dir["labels.idx"], Idx([labels], random, classes: 2));
        var loaded = LabelledFiles.Load(dir["images.idx"], dir["labels.idx"], CsvOptions.Default);
        var cached = Fnet.InProcess("cache", "--data", dir["images.idx"], "--labels", dir["labels.idx"], "--out", dir["c.fnetc"]);
        Assert.Equal(2, cached.ExitCode);
        Fnet.AssertOneLineError(cached, loaded.Match(_ => throw new InvalidOperationException("loaded"), e => e.Error.Message));
        Assert.False(File.Exists(dir["c.fnetc"]));
    }

    [Fact]
    public void Idx_images_three_times_the_heap_limit_cache_within_it()
    {
        using var dir = new TempDirectory();
        // 51,000 images of 28×28 bytes: 40 MB of pixels (320 MB as float64 features) under a 12 MB GC heap.
        const int Count = 51_000, HeapLimit = 12 << 20;
        var random = new Random(3);
        File.WriteAllBytes(dir["images.idx"], Idx([Count, 28, 28], random));
        File.WriteAllBytes(dir["labels.idx"], Idx([Count], random, classes: 10));
        Assert.True(new FileInfo(dir["images.idx"]).Length > 3L * HeapLimit);
        var run = Fnet.UnderHeapLimit(dir.Path, HeapLimit, "cache", "--data", dir["images.idx"], "--labels", dir["labels.idx"], "--out", dir["big.fnetc"], "--dtype", "float64");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"cached   {Count} rows × 784 features (float64), 10 classes", run.Out, StringComparison.Ordinal);
    }
}
