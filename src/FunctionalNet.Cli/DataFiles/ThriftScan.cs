using System.Globalization;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>An integer field met by <see cref="ThriftScan"/>: its path of field ids, where its bytes are, and its value.</summary>
/// <param name="Path">Field ids from the outer struct in, e.g. "4.1.3.7" (row_groups → columns → meta_data → total_compressed_size); list elements share their list's path.</param>
/// <param name="Offset">Where its varint starts in the scanned bytes.</param>
/// <param name="Length">Its varint's length in bytes.</param>
/// <param name="Value">Its value.</param>
internal readonly record struct ThriftInteger(string Path, int Offset, int Length, long Value);

/// <summary>
/// A walk over one Thrift compact-protocol struct — how Parquet encodes its footer and page headers — that allocates
/// nothing by what the bytes claim: every list, map and binary length must fit in the bytes left (each element takes
/// at least one byte), so a reader handed the same bytes cannot be made to allocate more than they hold. Pure over the
/// bytes it is given.
/// </summary>
internal sealed class ThriftScan
{
    private const int MaxDepth = 64;
    private readonly byte[] bytes;
    private readonly int end;
    private int at;
    private string? problem;

    private ThriftScan(byte[] bytes, int start, int end) => (this.bytes, this.at, this.end) = (bytes, start, end);

    /// <summary>Every integer field, in the order met.</summary>
    public List<ThriftInteger> Integers { get; } = [];

    /// <summary>The bytes the struct took.</summary>
    public int Length { get; private set; }

    /// <summary>Scans the struct at <paramref name="start"/>, within <paramref name="end"/>: the scan, or what is malformed.</summary>
    public static LanguageExt.Either<string, ThriftScan> Struct(byte[] bytes, int start, int end)
    {
        var scan = new ThriftScan(bytes, start, end);
        if (!scan.Struct("", 0)) return scan.problem!;
        scan.Length = scan.at - start;
        return scan;
    }

    private bool Fail(string what)
    {
        problem ??= what;
        return false;
    }

    private bool Struct(string path, int depth)
    {
        if (depth > MaxDepth) return Fail($"it nests deeper than {MaxDepth} levels");
        int id = 0;
        while (true)
        {
            if (at >= end) return Fail("it ends inside a struct");
            byte header = bytes[at++];
            if (header == 0) return true;
            if (header >> 4 is var delta and > 0) id += delta;
            else if (Varint(out ulong raw)) id = (int)Zigzag(raw);
            else return false;
            if (!Value(header & 0x0F, path.Length == 0 ? Show(id) : path + "." + Show(id), depth)) return false;
        }
    }

    // One value of compact type `type` (a field's: booleans are in the field header and take no byte).
    private bool Value(int type, string path, int depth)
    {
        switch (type)
        {
            case 1 or 2:
                return true;
            case 3:
                return Skip(1);
            case 4 or 5 or 6:
                int start = at;
                if (!Varint(out ulong raw)) return false;
                Integers.Add(new ThriftInteger(path, start, at - start, Zigzag(raw)));
                return true;
            case 7:
                return Skip(8);
            case 8:
                if (!Varint(out ulong length)) return false;
                return length <= (ulong)(end - at) ? Skip((int)length) : Fail($"it claims {length} bytes of binary data where {end - at} are left");
            case 9 or 10:
                return List(path, depth);
            case 11:
                return Map(path, depth);
            case 12:
                return Struct(path, depth + 1);
            default:
                return Fail($"it holds an unknown type {type}");
        }
    }

    private bool List(string path, int depth)
    {
        if (at >= end) return Fail("it ends inside a list header");
        byte header = bytes[at++];
        ulong count = (ulong)(header >> 4);
        if (count == 15 && !Varint(out count)) return false;
        if (count > (ulong)(end - at)) return Fail($"it claims a list of {count} elements where {end - at} bytes are left");
        int type = header & 0x0F;
        for (ulong i = 0; i < count; i++)
            if (!(type is 1 or 2 ? Skip(1) : Value(type, path, depth + 1))) return false;
        return true;
    }

    private bool Map(string path, int depth)
    {
        if (!Varint(out ulong count)) return false;
        if (count == 0) return true;
        if (count > (ulong)(end - at) / 2) return Fail($"it claims a map of {count} entries where {end - at} bytes are left");
        if (!Skip(1)) return false;
        int key = bytes[at - 1] >> 4, value = bytes[at - 1] & 0x0F;
        for (ulong i = 0; i < count; i++)
            if (!(key is 1 or 2 ? Skip(1) : Value(key, path, depth + 1)) || !(value is 1 or 2 ? Skip(1) : Value(value, path, depth + 1))) return false;
        return true;
    }

    private bool Skip(int count)
    {
        if (count > end - at) return Fail("it ends inside a value");
        at += count;
        return true;
    }

    private bool Varint(out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (at >= end) return Fail("it ends inside a number");
            byte b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return true;
        }
        return Fail("it holds a number longer than 10 bytes");
    }

    private static long Zigzag(ulong raw) => (long)(raw >> 1) ^ -(long)(raw & 1);

    private static string Show(int id) => id.ToString(CultureInfo.InvariantCulture);
}
