using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Formats;

namespace FunctionalNet.Tests.Formats;

/// <summary>The row cache header: encode/decode round trips, and hostile headers are one-line errors naming the field, never a throw.</summary>
public class RowCacheHeaderTests
{
    private static RowCacheHeader Header(long rows, int features, bool single, int classes, int chunk, long namesLength, byte checksumSeed, bool weighted = false,
        bool regression = false, bool table = false) =>
        new(rows, features, single ? 4 : 8, classes, chunk, namesLength, [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + checksumSeed))], weighted, regression, table);

    private static readonly Gen<RowCacheHeader> Headers =
        from rows in Gen.Choose(1, 5_000_000)
        from features in Gen.Choose(1, 5000)
        from single in Gen.Elements(true, false)
        from classes in Gen.Choose(2, 1000)
        from chunk in Gen.Choose(1, 100_000)
        from extra in Gen.Choose(0, 5000)
        from seed in Gen.Choose(0, 255)
        from weighted in Gen.Elements(false, true)
        from regression in Gen.Elements(false, true)
        from table in Gen.Elements(false, true)
        let outputs = regression ? classes / 10 + 1 : classes
        // A version-4 table stays within its bound: at most about 100 chunks.
        select Header(rows, features, single, outputs, table ? Math.Max(chunk, rows / 100 + 1) : chunk, 2L * (features + outputs) + extra, (byte)seed, weighted,
            regression, table);

    private static bool OneLine(Error e) => e.Code.StartsWith("cache.", StringComparison.Ordinal) && !e.Message.Contains('\n', StringComparison.Ordinal) && e.Message.Length > 0;

    [Property(MaxTest = 300)]
    public Property A_header_decodes_to_itself() =>
        Prop.ForAll(Headers.ToArbitrary(), h =>
            RowCacheHeader.Decode(h.Encode(), h.FileLength).Match(d => d.Rows == h.Rows && d.Features == h.Features && d.ValueBytes == h.ValueBytes
                && d.Classes == h.Classes && d.ChunkRows == h.ChunkRows && d.NamesLength == h.NamesLength && d.Checksum.SequenceEqual(h.Checksum)
                && d.Weighted == h.Weighted && d.Regression == h.Regression && d.NamesOffset == h.NamesOffset && d.ChunkTable == h.ChunkTable
                && d.FormatVersion == (h.ChunkTable ? 4u : h.Regression ? 3u : 2u), _ => false));

    // Every byte outside the checksum, the class count and the chunk size is bound by a check of its own (those three are
    // bound by the names table and the checksum, which the shell verifies), so changing any other byte is a named error.
    [Property(MaxTest = 500)]
    public Property A_damaged_header_is_refused_by_a_named_field_never_a_throw() =>
        Prop.ForAll(Headers.ToArbitrary(), Gen.Choose(0, RowCacheHeader.Size - 1).ToArbitrary(), Gen.Choose(1, 255).ToArbitrary(), (h, at, flip) =>
        {
            var bytes = h.Encode();
            bytes[at] ^= (byte)flip;
            bool bound = at is < RowCacheHeader.ChecksumOffset or >= RowCacheHeader.ChecksumOffset + 32 && at is < 32 or >= 40;
            return RowCacheHeader.Decode(bytes, h.FileLength).Match(_ => !bound, OneLine);
        });

    [Property(MaxTest = 500)]
    public Property Arbitrary_bytes_and_lengths_are_refused_in_one_line_or_accepted_consistently() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (bytes, length) =>
            RowCacheHeader.Decode(bytes, length).Match(h => h.FileLength == length, OneLine));

    [Property(MaxTest = 300)]
    public Property Damaged_names_tables_are_refused_in_one_line_never_a_throw() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), (table, features) =>
            Header(10, features, true, 2, 4, table.Length, 0).DecodeNames(table).Match(n => n.Features.Length == features && n.Classes.Length == 2, OneLine));

    [Fact]
    public void Names_round_trip_including_non_ascii()
    {
        string[] features = ["x0", "pixel 1", "größe"], classes = ["cat", "🐕"];
        var table = RowCacheHeader.EncodeNames(features, classes).Match(t => t, e => throw new InvalidOperationException(e.Message));
        var decoded = Header(1, 3, true, 2, 1, table.Length, 0).DecodeNames(table).Match(n => n, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(features, decoded.Features);
        Assert.Equal(classes, decoded.Classes);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(8, "version")]
    [InlineData(16, "rows")]
    [InlineData(24, "features")]
    [InlineData(28, "dtype")]
    [InlineData(29, "target_kind")]
    [InlineData(36, "chunk_rows")]
    [InlineData(64, "names_length")]
    [InlineData(72, "file_length")]
    public void Each_hostile_field_is_named(int at, string field)
    {
        var h = Header(1000, 784, true, 10, 4096, 2000, 1);
        var bytes = h.Encode();
        switch (at)
        {
            case 0: bytes[0] = (byte)'X'; break;
            case 8: BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 1); break; // a version-1 cache (labels only) is refused
            case 16: BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), -5); break;
            case 24: BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), 0); break;
            case 28: bytes[28] = 3; break;
            case 29: bytes[29] = 2; break;
            case 36: BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(36), -1); break;
            case 64: BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(64), long.MaxValue); break;
            default: BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(72), h.FileLength + 1); break;
        }
        var error = RowCacheHeader.Decode(bytes, h.FileLength).Match(_ => throw new InvalidOperationException("accepted"), e => e);
        Assert.Equal("cache." + field, error.Code);
        Assert.Contains(field == "magic" ? "magic" : field, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    // Version 3 added real-valued targets and nothing else: a class-label cache stays version 2 (older caches open, older
    // readers read new class-label caches), and each version's target kind is its own, so no header means two things.
    [Fact]
    public void Class_labels_are_version_2_real_values_version_3_and_a_kind_under_the_other_version_is_refused()
    {
        var labels = Header(100, 3, true, 4, 16, 200, 1);
        var values = Header(100, 3, true, 2, 16, 200, 1, regression: true);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(labels.Encode().AsSpan(8)));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(values.Encode().AsSpan(8)));
        Assert.Equal(values.TargetsOffset + 100 * 2 * 8, values.WeightsOffset);
        foreach (var (h, version) in new[] { (labels, 3u), (values, 2u) })
        {
            var bytes = h.Encode();
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), version);
            Assert.Equal("cache.target_kind", RowCacheHeader.Decode(bytes, h.FileLength).Match(_ => "", e => e.Code));
        }
        var none = values.Encode();
        BinaryPrimitives.WriteInt32LittleEndian(none.AsSpan(32), 0);
        Assert.Equal("cache.classes", RowCacheHeader.Decode(none, values.FileLength).Match(_ => "", e => e.Code));
    }

    // Version 4 holds either target kind and points to its chunk table from bytes 120–127; a table past the bound is refused.
    [Fact]
    public void Version_4_takes_either_kind_points_to_its_table_and_bounds_it()
    {
        foreach (bool regression in new[] { false, true })
        {
            var h = Header(1000, 7, true, 3, 64, 200, 1, weighted: true, regression: regression, table: true);
            var bytes = h.Encode();
            Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
            Assert.Equal(h.NamesOffset + 200, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(120)));
            Assert.Equal(h.TableOffset + 16 * (96 + 40 * 7), h.FileLength);
            Assert.True(RowCacheHeader.Decode(bytes, h.FileLength).Match(d => d.Regression == regression && d.ChunkTable, _ => false));
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(120), h.TableOffset + 8);
            Assert.Equal("cache.table_offset", RowCacheHeader.Decode(bytes, h.FileLength).Match(_ => "", e => e.Code));
        }
        var huge = Header(1_000_000, 5000, true, 3, 1, 20000, 1, table: true);
        Assert.Equal("cache.chunk_rows", RowCacheHeader.Decode(huge.Encode(), 0).Match(_ => "", e => e.Code));
    }

    [Fact]
    public void Counts_whose_product_overflows_and_a_file_of_the_wrong_length_are_refused()
    {
        var huge = Header(1000, 784, true, 10, 4096, 2000, 1).Encode();
        BinaryPrimitives.WriteInt64LittleEndian(huge.AsSpan(16), long.MaxValue / 3);
        Assert.Equal("cache.rows", RowCacheHeader.Decode(huge, long.MaxValue).Match(_ => "", e => e.Code));
        var h = Header(1000, 784, true, 10, 4096, 2000, 1);
        Assert.Equal("cache.file_length", RowCacheHeader.Decode(h.Encode(), h.FileLength - 1).Match(_ => "", e => e.Code));
    }
}
