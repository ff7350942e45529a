using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Formats;

/// <summary>
/// The fixed 128-byte header of a row cache (<c>.fnetc</c>, docs/formats.md): shape, dtype, targets, chunking, where
/// each region starts, and a SHA-256 over the file. Encoding and checking are pure; reading the file is the shell's.
/// Layout (little-endian): the features [rows × features] row-major at byte <see cref="Size"/>, the targets (one
/// int32 class label per row, or with <see cref="Regression"/> one float64 per target column per row) at <see cref="TargetsOffset"/>, the sample weights (one float64 per row, when
/// <see cref="Weighted"/>) at <see cref="WeightsOffset"/>, then the names table at <see cref="NamesOffset"/>, and (format version 4,
/// <see cref="ChunkTable"/>) the chunk table at <see cref="TableOffset"/>: per chunk its SHA-256s and column statistics.
/// </summary>
/// <param name="Rows">Rows in the cache.</param>
/// <param name="Features">Feature columns.</param>
/// <param name="ValueBytes">4 (float32) or 8 (float64).</param>
/// <param name="Classes">Number of classes (targets are class labels 0…classes−1), or with <see cref="Regression"/> of real-valued target columns.</param>
/// <param name="ChunkRows">Rows per chunk: the unit shuffling permutes and a reader maps at once.</param>
/// <param name="NamesLength">Bytes of the names table.</param>
/// <param name="Checksum">SHA-256 of the bytes after the header followed by this header with the checksum zeroed.</param>
/// <param name="Weighted">Whether every row carries a sample weight (finite, ≥ 0, as <see cref="Data.Batch{T}"/> takes them).</param>
/// <param name="Regression">Whether the targets are real values (target kind 2, format version 3) rather than class labels.</param>
/// <param name="ChunkTable">
/// Format version 4: the file ends with a chunk table (<see cref="ChunkRecordBytes"/> a chunk) and the checksum covers the
/// names, the table and the header only, the table's per-chunk SHA-256s the rows.
/// </param>
public sealed record RowCacheHeader(long Rows, int Features, int ValueBytes, int Classes, int ChunkRows, long NamesLength, ImmutableArray<byte> Checksum,
    bool Weighted = false, bool Regression = false, bool ChunkTable = false)
{
    /// <summary>Bytes of the fixed header (the features start here).</summary>
    public const int Size = 128;

    /// <summary>The newest format version this library writes and reads (3: real-valued targets, target kind 2).</summary>
    public const uint Version = 3;

    /// <summary>The version a class-label cache is written as: version 3 only added target kind 2, so it stays readable by a version-2 reader.</summary>
    public const uint ClassLabelVersion = 2;

    /// <summary>The version with a chunk table (either target kind): what this library writes.</summary>
    public const uint ChunkTableVersion = 4;

    /// <summary>Bytes of a chunk record before its statistics: the SHA-256s of its features, targets and weights.</summary>
    public const int ChunkDigestBytes = 96;

    /// <summary>Largest chunk table accepted (it is read whole when the cache is opened).</summary>
    public const long MaxTableLength = 1L << 30;

    /// <summary>Offset of the table_offset field (version 4; reserved, zero, before).</summary>
    public const int TableOffsetField = 120;

    /// <summary>Target kind 1: one int32 class label per row.</summary>
    public const byte ClassLabels = 1;

    /// <summary>Target kind 2 (version 3): one float64 per target column per row, row-major.</summary>
    public const byte RealValues = 2;

    /// <summary>Largest feature count accepted.</summary>
    public const int MaxFeatures = 1 << 20;

    /// <summary>Largest class count accepted.</summary>
    public const int MaxClasses = 1 << 16;

    /// <summary>Largest UTF-8 byte length of one name.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>Largest names table accepted, whatever the counts allow.</summary>
    public const long MaxNamesLength = 64L << 20;

    /// <summary>Offset of the checksum inside the header.</summary>
    public const int ChecksumOffset = 80;

    /// <summary>The eight bytes every cache starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "FNETCACH"u8;

    /// <summary>Where the class labels start.</summary>
    public long TargetsOffset => Size + Rows * Features * ValueBytes;

    /// <summary>Bytes of one row's targets: a 4-byte class label, or 8 bytes a target column.</summary>
    public long TargetBytes => Regression ? 8L * Classes : 4;

    /// <summary>This header's format version: 4 with a chunk table; without one class labels are version 2, real-valued targets 3.</summary>
    public uint FormatVersion => ChunkTable ? ChunkTableVersion : Regression ? Version : ClassLabelVersion;

    /// <summary>Where the sample weights start (where the names start when there are none).</summary>
    public long WeightsOffset => TargetsOffset + Rows * TargetBytes;

    /// <summary>Where the names table starts.</summary>
    public long NamesOffset => WeightsOffset + (Weighted ? Rows * 8 : 0);

    /// <summary>Where the chunk table starts (the end of the names table; the file's end without a table).</summary>
    public long TableOffset => NamesOffset + NamesLength;

    /// <summary>Chunks of <see cref="ChunkRows"/> rows (the last may be shorter).</summary>
    public long Chunks => (Rows + ChunkRows - 1) / ChunkRows;

    /// <summary>Bytes of one chunk record: three SHA-256s and five float64 statistics a feature column.</summary>
    public long ChunkRecordBytes => ChunkDigestBytes + 40L * Features;

    /// <summary>Bytes of the chunk table; 0 without one.</summary>
    public long TableLength => ChunkTable ? Chunks * ChunkRecordBytes : 0;

    /// <summary>The whole file's length.</summary>
    public long FileLength => TableOffset + TableLength;

    /// <summary>Bytes of one feature row.</summary>
    public int RowBytes => Features * ValueBytes;

    /// <summary>"float32" or "float64".</summary>
    public string Dtype => ValueBytes == 4 ? "float32" : "float64";

    /// <summary>The 128 header bytes (the checksum as given; zero it for hashing with <see cref="WithoutChecksum"/>).</summary>
    public byte[] Encode()
    {
        var b = new byte[Size];
        Magic.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), Size);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), Rows);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(24), Features);
        b[28] = (byte)(ValueBytes == 4 ? 1 : 2);
        b[29] = Regression ? RealValues : ClassLabels;
        b[30] = (byte)(Weighted ? 1 : 0);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(32), Classes);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(36), ChunkRows);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(40), Size);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(48), TargetsOffset);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(56), NamesOffset);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(64), NamesLength);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(72), FileLength);
        if (!Checksum.IsDefaultOrEmpty) Checksum.AsSpan().CopyTo(b.AsSpan(ChecksumOffset, 32));
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(112), WeightsOffset);
        if (ChunkTable) BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(TableOffsetField), TableOffset);
        return b;
    }

    /// <summary>This header with a zero checksum: what the checksum itself covers.</summary>
    public RowCacheHeader WithoutChecksum() => this with { Checksum = [.. new byte[32]] };

    /// <summary>
    /// Decodes and checks a header read from a file of <paramref name="fileLength"/> bytes: every field is range-checked,
    /// and the regions must tile the file exactly. A failure names the field, in one line.
    /// </summary>
    public static Either<Error, RowCacheHeader> Decode(ReadOnlySpan<byte> bytes, long fileLength)
    {
        if (bytes.Length < Size) return Fail("header", $"the file has {bytes.Length} bytes, shorter than the {Size}-byte header");
        if (!bytes[..8].SequenceEqual(Magic)) return Fail("magic", "magic is not FNETCACH: not an fnet row cache");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (version is not (ClassLabelVersion or Version or ChunkTableVersion))
            return Fail("version", $"version is {version}, this fnet reads versions {ClassLabelVersion} to {ChunkTableVersion}: write the cache again with this fnet's fnet cache");
        bool chunkTable = version == ChunkTableVersion;
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        if (size != Size) return Fail("header_size", $"header_size is {size}, expected {Size}");
        long rows = BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]);
        if (rows < 1) return Fail("rows", $"rows is {rows}, expected at least 1");
        int features = BinaryPrimitives.ReadInt32LittleEndian(bytes[24..]);
        if (features < 1 || features > MaxFeatures) return Fail("features", $"features is {features}, expected 1 to {MaxFeatures}");
        int valueBytes = bytes[28] switch { 1 => 4, 2 => 8, _ => 0 };
        if (valueBytes == 0) return Fail("dtype", $"dtype code is {bytes[28]}, expected 1 (float32) or 2 (float64)");
        // Versions 2 and 3 each have their one target kind, so the header re-encodes to the very bytes the checksum covers;
        // version 4 takes either, written in its own byte.
        byte kind = version == Version || chunkTable && bytes[29] == RealValues ? RealValues : ClassLabels;
        if (bytes[29] != kind)
            return Fail("target_kind", $"target_kind is {bytes[29]}, expected {kind} ({(kind == ClassLabels ? "class labels" : "real values")}) in a version {version} cache");
        bool regression = kind == RealValues;
        if (bytes[30] > 1) return Fail("weighted", $"weighted is {bytes[30]}, expected 0 (no sample weights) or 1");
        if (bytes[31] != 0) return Fail("reserved", "reserved byte 31 is not zero");
        int classes = BinaryPrimitives.ReadInt32LittleEndian(bytes[32..]);
        int fewest = regression ? 1 : 2;
        if (classes < fewest || classes > MaxClasses)
            return Fail("classes", $"{(regression ? "target columns" : "classes")} is {classes}, expected {fewest} to {MaxClasses}");
        int chunk = BinaryPrimitives.ReadInt32LittleEndian(bytes[36..]);
        if (chunk < 1) return Fail("chunk_rows", $"chunk_rows is {chunk}, expected at least 1");
        // Rows × row bytes must fit a long with room for the labels and names: checked here before any offset is computed.
        if (rows > (long.MaxValue / 2 - Size) / ((long)features * valueBytes + (regression ? 8L * classes : 4) + 8))
            return Fail("rows", $"rows is {rows}: {rows} × {features} × {valueBytes} bytes overflows");
        long namesLength = BinaryPrimitives.ReadInt64LittleEndian(bytes[64..]);
        long maxNames = Math.Min((long)(features + classes) * (2 + MaxNameBytes), MaxNamesLength);
        if (namesLength < 2L * (features + classes) || namesLength > maxNames)
            return Fail("names_length", $"names_length is {namesLength}, expected {2L * (features + classes)} to {maxNames} for {features + classes} names");
        var header = new RowCacheHeader(rows, features, valueBytes, classes, chunk, namesLength, [.. bytes.Slice(ChecksumOffset, 32)], bytes[30] == 1, regression,
            chunkTable);
        // The table is read whole on opening: bounded here, before any offset past it is computed.
        if (chunkTable && header.Chunks > MaxTableLength / header.ChunkRecordBytes)
            return Fail("chunk_rows", $"chunk_rows is {chunk}: {header.Chunks} chunks × {header.ChunkRecordBytes} bytes of chunk table is more than {MaxTableLength}; write the cache with more rows a chunk");
        foreach (var (field, at, expected) in new[] { ("data_offset", 40, (long)Size), ("targets_offset", 48, header.TargetsOffset),
                     ("names_offset", 56, header.NamesOffset), ("file_length", 72, header.FileLength), ("weights_offset", 112, header.WeightsOffset) })
        {
            long found = BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]);
            if (found != expected) return Fail(field, $"{field} is {found}, but the shape puts it at {expected}");
        }
        if (header.FileLength != fileLength)
            return Fail("file_length", $"the header says {header.FileLength} bytes ({rows} rows × {features} features × {valueBytes} + {(regression ? "targets" : "labels")}{(header.Weighted ? " + weights" : "")} + names{(chunkTable ? " + chunk table" : "")}) but the file has {fileLength}");
        if (chunkTable)
        {
            long table = BinaryPrimitives.ReadInt64LittleEndian(bytes[TableOffsetField..]);
            if (table != header.TableOffset) return Fail("table_offset", $"table_offset is {table}, but the shape puts it at {header.TableOffset}");
        }
        else if (bytes[TableOffsetField..Size].ContainsAnyExcept((byte)0)) return Fail("reserved", "reserved bytes 120–127 are not zero");
        return header;
    }

    /// <summary>The names table: each feature name then each class (or target column) name as a uint16 byte length and that many UTF-8 bytes.</summary>
    public static Either<Error, byte[]> EncodeNames(IReadOnlyList<string> featureNames, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(classNames);
        var stream = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var name in featureNames.Concat(classNames))
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            if (bytes.Length > MaxNameBytes) return Fail("names", $"the name '{name[..40]}…' has {bytes.Length} UTF-8 bytes, at most {MaxNameBytes} are stored");
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)bytes.Length);
            stream.Write(length);
            stream.Write(bytes);
        }
        return stream.ToArray();
    }

    /// <summary>Decodes the names table of this header: exactly features + classes names, valid UTF-8, filling it exactly.</summary>
    public Either<Error, (ImmutableArray<string> Features, ImmutableArray<string> Classes)> DecodeNames(ReadOnlySpan<byte> table)
    {
        if (table.Length != NamesLength) return Fail("names_length", $"the names table has {table.Length} bytes, the header says {NamesLength}");
        var names = new string[Features + Classes];
        int at = 0;
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (int i = 0; i < names.Length; i++)
        {
            if (table.Length - at < 2) return Fail("names", $"the names table ends inside name {i + 1} of {names.Length}");
            int length = BinaryPrimitives.ReadUInt16LittleEndian(table[at..]);
            at += 2;
            if (length > MaxNameBytes) return Fail("names", $"name {i + 1} has {length} bytes, at most {MaxNameBytes}");
            if (table.Length - at < length) return Fail("names", $"name {i + 1} runs past the end of the names table");
            if (!System.Text.Unicode.Utf8.IsValid(table.Slice(at, length))) return Fail("names", $"name {i + 1} is not valid UTF-8");
            names[i] = strict.GetString(table.Slice(at, length));
            at += length;
        }
        if (at != table.Length) return Fail("names", $"the names table has {table.Length - at} bytes after its {names.Length} names");
        if (names.Skip(Features).Distinct(StringComparer.Ordinal).Count() != Classes)
            return Fail("names", $"two {(Regression ? "target columns" : "classes")} have the same name");
        return ([.. names.Take(Features)], [.. names.Skip(Features)]);
    }

    private static Error Fail(string field, string message) => new($"cache.{field}", message);
}
