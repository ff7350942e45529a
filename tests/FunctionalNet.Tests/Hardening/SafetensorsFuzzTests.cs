using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Formats;
using Xunit.Abstractions;

namespace FunctionalNet.Tests.Hardening;

/// <summary>
/// The safetensors reader under attack: about 12,000 hostile files, each of which must give a file or an error
/// value — never an exception, a hang (the timeout) or an allocation beyond <see cref="Hostile"/>'s bound.
/// </summary>
public class SafetensorsFuzzTests(ITestOutputHelper output)
{
    private const int Timeout = 60_000;

    private static bool Read(byte[] bytes) => Safetensors.Read(bytes).IsRight;

    private static Gen<byte[]> Valid =>
        from tensors in (from dtype in Gen.Elements(TensorDtype.F32, TensorDtype.F64)
                         from shape in Gen.Choose(0, 3).SelectMany(rank => Gen.Choose(0, 3).ArrayOf(rank))
                         from values in Gen.Choose(-1000, 1000).Select(v => v / 7.0).ArrayOf(shape.Aggregate(1, (p, d) => p * d))
                         select (dtype, shape, values)).ListOf().Select(l => l.Take(4).ToList())
        from meta in Gen.Elements("", "pt", "ünï").ListOf().Select(l => l.Take(2).ToList())
        select Safetensors.Write(new SafetensorsFile(
            [.. tensors.Select((t, i) => new NamedTensor($"layers.{i}.weight", t.dtype, [.. t.shape.Select(d => (long)d)], [.. t.values]))],
            meta.Select((v, i) => KeyValuePair.Create($"k{i}", v)).ToImmutableSortedDictionary()));

    [Fact(Timeout = Timeout)]
    public Task Random_bytes_and_random_bytes_behind_a_plausible_header_length() => Run(() =>
    {
        var plausible =
            from body in Mutations.RandomText("{}[]\":,0123456789 FdtypeshapedataoffsF3264__metadata__", 200)
            from slack in Gen.Choose(-4, 4)
            select Prefixed((ulong)Math.Max(0, body.Length + slack), body);
        Report("random bytes", Hostile.Check(Mutations.RandomBytes(300), Read, 1500));
        Report("random header text", Hostile.Check(plausible, Read, 1500));
    });

    [Fact(Timeout = Timeout)]
    public Task Truncated_and_bit_flipped_valid_files() => Run(() =>
    {
        Report("truncated", Hostile.Check(Mutations.Truncated(Valid), Read, 1500));
        Report("flipped", Hostile.Check(Mutations.Flipped(Valid), Read, 2500));
        Assert.True(Hostile.Check(Valid, Read, 200).Accepted == 200, "every unmutated file must be accepted");
    });

    [Fact(Timeout = Timeout)]
    public Task Header_lengths_near_two_to_the_sixty_four() => Run(() =>
    {
        var lengths = Gen.Elements<ulong>(ulong.MaxValue, ulong.MaxValue - 7, 1UL << 63, (1UL << 63) - 1, (ulong)long.MaxValue + 8,
            1UL << 32, (1UL << 32) + 1, uint.MaxValue, (ulong)int.MaxValue, (ulong)int.MaxValue + 1, (ulong)Safetensors.DefaultMaxHeaderBytes + 1);
        var hostile =
            from bytes in Valid
            from n in Gen.OneOf(lengths, Gen.Choose(-16, 16).Select(d => (ulong)(long)d))
            select WithLength(bytes, n);
        Report("header length", Hostile.Check(hostile, Read, 1000));
    });

    [Fact(Timeout = Timeout)]
    public Task Hostile_headers_offsets_shapes_dtypes_and_names() => Run(() =>
    {
        var tally = Hostile.Check(HostileHeaders, Read, 4000);
        Report("hostile header", tally);
        Assert.True(tally.Accepted > 0, "the generator must also produce consistent headers, or it only tests one rejection");
    });

    [Fact(Timeout = Timeout)]
    public Task Invalid_utf8_and_deeply_nested_json_in_the_header() => Run(() =>
    {
        Report("invalid UTF-8", Hostile.Check(Mutations.InvalidUtf8(Valid.Where(b => b.Length > 16), b => (8, 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(b))), Read, 500));
        var nested =
            from depth in Gen.Elements(1, 10, 63, 64, 65, 100, 1000, 10_000)
            from open in Gen.Elements("[", "{\"a\":")
            select Prefixed(0, Encoding.UTF8.GetBytes("{\"t\":" + string.Concat(Enumerable.Repeat(open, depth)) + "0"
                + string.Concat(Enumerable.Repeat(open == "[" ? "]" : "}", depth)) + "}"));
        Report("nested JSON", Hostile.Check(nested.Select(b => WithLength(b, (ulong)(b.Length - 8))), Read, 300));
    });

    [Theory]
    [InlineData("[\"0\",8]")]
    [InlineData("[0,null]")]
    [InlineData("[[0],8]")]
    public void Offsets_that_are_not_numbers_are_offset_errors(string offsets)
    {
        // These reached JsonElement.TryGetInt64, which throws on non-numbers; the catch-all then blamed "an invalid string".
        var header = Encoding.UTF8.GetBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":" + offsets + "}}");
        var error = Safetensors.Read(Prefixed(0, header, 8)).Match(_ => throw new InvalidOperationException("accepted"), e => e);
        Assert.Equal("safetensors.offsets", error.Code);
    }

    // Headers assembled from entries whose every field may be wrong: unknown or mis-typed dtypes, negative, fractional
    // or huge dimensions whose product overflows, offsets past the end, overlapping or leaving gaps, repeated names.
    private static Gen<byte[]> HostileHeaders
    {
        get
        {
            var names = Gen.Elements("\"a\"", "\"b\"", "\"c\"", "\"a\"", "\"__metadata__\"", "\"\\ud800\"", "\"\"", "\"layers.0.weight\"");
            var dtypes = Gen.Elements("\"F32\"", "\"F32\"", "\"F64\"", "\"F64\"", "\"BF16\"", "\"I64\"", "\"f32\"", "\"\"", "32", "null", "[\"F32\"]");
            var dims = Gen.Elements("0", "1", "2", "3", "1", "2", "2147483648", "4611686018427387904", "9223372036854775807",
                "9223372036854775808", "-1", "1.5", "\"2\"", "1e300", "null");
            var shapes = Gen.Frequency((8, dims.ArrayOf().Select(d => "[" + string.Join(",", d.Take(4)) + "]")), (1, Gen.Elements("3", "null", "{}", "\"[2]\"")));
            var offsetValues = Gen.Frequency((6, Gen.Choose(0, 6).Select(k => (k * 8).ToString(CultureInfo.InvariantCulture))),
                (3, Gen.Choose(0, 12).Select(k => (k * 4).ToString(CultureInfo.InvariantCulture))),
                (1, Gen.Elements("-8", "9223372036854775807", "18446744073709551615", "1e20", "\"0\"", "4.0", "null", "[]")));
            var offsets = Gen.Frequency((8, Gen.Zip(offsetValues, offsetValues).Select(p => $"[{p.Item1},{p.Item2}]")),
                (1, Gen.Elements("[0]", "[0,8,16]", "[]", "{}", "\"0-8\"", "null")));
            var entry =
                from name in names
                from dtype in dtypes
                from shape in shapes
                from offset in offsets
                from form in Gen.Choose(0, 11)
                select name + ":" + form switch
                {
                    0 => "{\"shape\":" + shape + ",\"data_offsets\":" + offset + "}",
                    1 => "{\"dtype\":" + dtype + ",\"data_offsets\":" + offset + "}",
                    2 => "{\"dtype\":" + dtype + ",\"shape\":" + shape + "}",
                    3 => "[" + dtype + "]",
                    4 => "{\"k\":\"v\"}",
                    _ => "{\"dtype\":" + dtype + ",\"shape\":" + shape + ",\"data_offsets\":" + offset + "}",
                };
            return from entries in entry.ArrayOf().Select(e => e.Take(5))
                   from data in Gen.Choose(0, 48)
                   from pad in Gen.Elements("", " ", "   \n")
                   select Prefixed((ulong)0, Encoding.UTF8.GetBytes("{" + string.Join(",", entries) + "}" + pad), data);
        }
    }

    // 8-byte little-endian length n, then the header, then dataBytes zero bytes; n = 0 means "the header's own length".
    private static byte[] Prefixed(ulong n, byte[] header, int dataBytes = 0)
    {
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, n == 0 ? (ulong)header.Length : n);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] WithLength(byte[] bytes, ulong n)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy, n);
        return copy;
    }

    private void Report(string what, Tally tally) => output.WriteLine($"safetensors, {what}: {tally}");

    private static Task Run(Action test) => Task.Run(test);
}
