using System.Collections.Immutable;
using System.Text.Json;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>One header entry, checked: where its bytes are and what they hold.</summary>
internal readonly record struct HeaderEntry(string Name, TensorDtype Dtype, ImmutableArray<long> Shape, long Begin, long End);

/// <summary>A safetensors header whose entries are proven to tile the data buffer exactly, in storage order.</summary>
internal sealed record SafetensorsHeader(ImmutableArray<HeaderEntry> Entries, ImmutableSortedDictionary<string, string> Metadata)
{
    /// <summary>Parses and checks a header against a data buffer of <paramref name="dataLength"/> bytes.</summary>
    public static Either<Error, SafetensorsHeader> Parse(byte[] json, long dataLength)
    {
        // JsonDocument defers UTF-8 checks of strings until they are read, and then throws: check up front.
        if (!System.Text.Unicode.Utf8.IsValid(json))
            return Fail("safetensors.header-json", "the header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return Fail("safetensors.header-json", $"the header is not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Fail("safetensors.header-json", $"the header must be a JSON object, found {document.RootElement.ValueKind}");
            var metadata = ImmutableSortedDictionary<string, string>.Empty;
            var entries = new List<HeaderEntry>();
            var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                        return Fail("safetensors.duplicate", $"the header names '{property.Name}' twice");
                    if (property.Name == "__metadata__")
                    {
                        if (!ReadMetadata(property.Value).TryGet(out metadata, out var bad)) return bad;
                        continue;
                    }
                    if (!Entry(property.Name, property.Value, dataLength).TryGet(out var entry, out var error)) return error;
                    entries.Add(entry);
                }
            }
            catch (InvalidOperationException e)
            {
                // Reading a name or string with a lone escaped surrogate ("\ud800") throws from inside System.Text.Json.
                return Fail("safetensors.header-json", $"the header holds an invalid string: {e.Message}");
            }
            return Tile(entries, dataLength).Map(sorted => new SafetensorsHeader(sorted, metadata));
        }
    }

    private static Either<Error, ImmutableSortedDictionary<string, string>> ReadMetadata(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            return new Error("safetensors.metadata", $"__metadata__ must be an object of strings, found {value.ValueKind}");
        var map = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                return new Error("safetensors.metadata", $"__metadata__.{p.Name} must be a string, found {p.Value.ValueKind}");
            if (map.ContainsKey(p.Name))
                return new Error("safetensors.duplicate", $"__metadata__ names '{p.Name}' twice");
            map[p.Name] = p.Value.GetString()!;
        }
        return map.ToImmutable();
    }

    private static Either<Error, HeaderEntry> Entry(string name, JsonElement value, long dataLength)
    {
        string where = $"tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object)
            return new Error("safetensors.header-entry", $"{where} must be an object, found {value.ValueKind}");
        if (!value.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String)
            return new Error("safetensors.header-entry", $"{where} has no string 'dtype'");
        if (TensorDtypes.Parse(dtypeJson.GetString()!) is not { } dtype)
            return new Error("safetensors.dtype", $"{where} has dtype {dtypeJson.GetString()}, expected F32 or F64");
        if (!value.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array)
            return new Error("safetensors.header-entry", $"{where} has no 'shape' array");
        var shape = ImmutableArray.CreateBuilder<long>();
        foreach (var d in shapeJson.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0)
                return new Error("safetensors.shape", $"{where} has shape {shapeJson.GetRawText()}, expected non-negative integers");
            shape.Add(dim);
        }
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || offsets[0].ValueKind != JsonValueKind.Number || offsets[1].ValueKind != JsonValueKind.Number
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            return new Error("safetensors.offsets", $"{where} needs data_offsets [begin, end] with 0 ≤ begin ≤ end, found {(value.TryGetProperty("data_offsets", out var o) ? o.GetRawText() : "none")}");
        if (end > dataLength)
            return new Error("safetensors.offsets", $"{where} ends at byte {end} but the data section has {dataLength} bytes (truncated file?)");
        long elements = 1;
        foreach (long dim in shape)
        {
            if (dim != 0 && elements > long.MaxValue / dim / dtype.Size())
                return new Error("safetensors.shape", $"{where} has shape {shapeJson.GetRawText()}, too large to address");
            elements *= dim;
        }
        if (elements * dtype.Size() != end - begin)
            return new Error("safetensors.size", $"{where} is {dtype.Code()} {shapeJson.GetRawText()} = {elements * dtype.Size()} bytes, but its offsets span {end - begin}");
        return new HeaderEntry(name, dtype, shape.ToImmutable(), begin, end);
    }

    // The entries must cover [0, dataLength) exactly once: sorted by offset, each starts where the previous ended.
    private static Either<Error, ImmutableArray<HeaderEntry>> Tile(List<HeaderEntry> entries, long dataLength)
    {
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToImmutableArray();
        long expected = 0;
        string previous = "the start of the data";
        foreach (var e in sorted)
        {
            if (e.Begin < expected)
                return new Error("safetensors.overlap", $"tensor '{e.Name}' starts at byte {e.Begin}, overlapping {previous}, which ends at {expected}");
            if (e.Begin > expected)
                return new Error("safetensors.gap", $"tensor '{e.Name}' starts at byte {e.Begin}, leaving a gap after {previous} at {expected}");
            expected = e.End;
            previous = $"tensor '{e.Name}'";
        }
        if (expected != dataLength)
            return new Error("safetensors.trailing", $"the tensors cover {expected} bytes but the data section has {dataLength}");
        return sorted;
    }

    private static Either<Error, SafetensorsHeader> Fail(string code, string message) => new Error(code, message);
}
