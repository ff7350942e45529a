using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length n, n bytes of UTF-8 JSON mapping
/// each tensor name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (offsets relative to the byte
/// after the header) plus an optional <c>__metadata__</c> string map, then the raw little-endian data.
/// </summary>
/// <remarks>
/// <see cref="Read"/> checks the whole header — size cap, JSON shape, dtypes, shapes, offsets inside the file,
/// contiguous with no gap or overlap, byte counts matching dtype × shape, no duplicate names — before it
/// allocates a single tensor, so a hostile or truncated file costs nothing but an error value.
/// </remarks>
public static class Safetensors
{
    /// <summary>Largest header accepted by default: 100 MB, the reference implementation's limit.</summary>
    public const long DefaultMaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Encodes <paramref name="file"/>; the header is padded with spaces so the data starts 8-byte aligned.</summary>
    /// <exception cref="ArgumentException">Two tensors share a name, or a shape does not match its values.</exception>
    public static byte[] Write(SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var header = Header(file);
        int padded = (header.Length + 7) / 8 * 8;
        long dataBytes = file.Tensors.Sum(t => (long)t.Values.Length * t.Dtype.Size());
        var bytes = new byte[checked(8 + padded + dataBytes)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        var data = bytes.AsSpan(8 + padded);
        int at = 0;
        foreach (var t in file.Tensors)
        {
            foreach (double v in t.Values)
            {
                if (t.Dtype == TensorDtype.F32) BinaryPrimitives.WriteSingleLittleEndian(data[at..], (float)v);
                else BinaryPrimitives.WriteDoubleLittleEndian(data[at..], v);
                at += t.Dtype.Size();
            }
        }
        return bytes;
    }

    /// <summary>Decodes a whole safetensors file, or returns the first problem found as an error naming where it is.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="maxHeaderBytes">Largest header length accepted.</param>
    public static Either<Error, SafetensorsFile> Read(ReadOnlySpan<byte> bytes, long maxHeaderBytes = DefaultMaxHeaderBytes)
    {
        if (bytes.Length < 8)
            return Fail("safetensors.truncated", $"the file is {bytes.Length} bytes, shorter than the 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > (ulong)maxHeaderBytes)
            return Fail("safetensors.header-size", $"the header claims {n} bytes, more than the limit of {maxHeaderBytes}");
        if (n > (ulong)(bytes.Length - 8))
            return Fail("safetensors.truncated", $"the header claims {n} bytes but only {bytes.Length - 8} follow the length field");
        var data = bytes[(8 + (int)n)..];
        var parsed = SafetensorsHeader.Parse(bytes.Slice(8, (int)n).ToArray(), data.Length);
        if (!parsed.TryGet(out var header, out var error)) return Left(error);

        // Only now, with every offset and size proven consistent, are the tensors allocated.
        var tensors = ImmutableArray.CreateBuilder<NamedTensor>(header.Entries.Length);
        foreach (var e in header.Entries)
        {
            var raw = data[(int)e.Begin..(int)e.End];
            int size = e.Dtype.Size();
            var values = new double[raw.Length / size];
            for (int i = 0; i < values.Length; i++)
                values[i] = e.Dtype == TensorDtype.F32
                    ? BinaryPrimitives.ReadSingleLittleEndian(raw[(i * size)..])
                    : BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * size)..]);
            tensors.Add(new NamedTensor(e.Name, e.Dtype, e.Shape, ImmutableArray.Create(values)));
        }
        return new SafetensorsFile(tensors.MoveToImmutable(), header.Metadata);
    }

    private static byte[] Header(SafetensorsFile file)
    {
        var names = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (!file.Metadata.IsEmpty)
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in file.Metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in file.Tensors)
            {
                if (t.Name == MetadataKey || !names.Add(t.Name))
                    throw new ArgumentException($"tensor name '{t.Name}' is reserved or used twice", nameof(file));
                if (t.ElementCount != t.Values.Length)
                    throw new ArgumentException($"tensor '{t.Name}' has shape [{string.Join(", ", t.Shape)}] but {t.Values.Length} values", nameof(file));
                long end = offset + (long)t.Values.Length * t.Dtype.Size();
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", t.Dtype.Code());
                json.WriteStartArray("shape");
                foreach (long d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static Either<Error, SafetensorsFile> Fail(string code, string message) => Left(new Error(code, message));

    private static Either<Error, SafetensorsFile> Left(Error e) => Prelude.Left<Error, SafetensorsFile>(e);
}
