using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Formats;

public class SafetensorsTests
{
    // Built by make_torch_fixture.py (torch 1.13, manual_seed(0)): Linear(2,3)-Sigmoid-Linear(3,1)-Sigmoid, F32,
    // header keys sorted with biases first and __metadata__ last, no padding — the layout differs from ours on purpose.
    private const string TorchFixture =
        "VwEAAAAAAAB7ImxheWVycy4wLmJpYXMiOiB7ImR0eXBlIjogIkYzMiIsICJzaGFwZSI6IFszXSwgImRhdGFfb2Zmc2V0cyI6IFswLCAxMl19LCAibGF5ZXJzLjAud2VpZ2h0IjogeyJkdHlwZSI6ICJGMzIiLCAic2hhcGUiOiBbMywgMl0sICJkYXRhX29mZnNldHMiOiBbMTIsIDM2XX0sICJsYXllcnMuMS5iaWFzIjogeyJkdHlwZSI6ICJGMzIiLCAic2hhcGUiOiBbMV0sICJkYXRhX29mZnNldHMiOiBbMzYsIDQwXX0sICJsYXllcnMuMS53ZWlnaHQiOiB7ImR0eXBlIjogIkYzMiIsICJzaGFwZSI6IFsxLCAzXSwgImRhdGFfb2Zmc2V0cyI6IFs0MCwgNTJdfSwgIl9fbWV0YWRhdGFfXyI6IHsiZm9ybWF0IjogInB0In19V4plvECHDz/eg4C9Inmtu5w2wj6x/BS/HTgFv9Zwi76rKkI+vTMNv9JwHD6eqzK+6mvovQ==";

    [Fact]
    public void A_file_written_from_torch_loads_and_predicts_like_torch()
    {
        var file = Right(Safetensors.Read(Convert.FromBase64String(TorchFixture)));
        Assert.Equal("pt", file.Metadata["format"]);
        var arch = Architecture.Mlp([2, 3, 1], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy)
            .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var parameters = Right(ModelWeights.ToParameters<float>(arch, file));
        var output = Network.Predict(arch, parameters, Matrix<float>.Create(2, 2, [0.5f, -1.0f, 2.0f, 0.25f]));
        // torch's net(x) for x = [[0.5, -1], [2, 0.25]], printed by make_torch_fixture.py.
        Assert.Equal(0.3416418135166168, output[0, 0], 6);
        Assert.Equal(0.36115145683288574, output[1, 0], 6);
    }

    [Fact]
    public void Written_files_have_an_aligned_header_and_contiguous_offsets()
    {
        var bytes = Safetensors.Write(Sample());
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        Assert.Equal(8 + (long)n + 6 * 4 + 2 * 8, bytes.Length);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"__metadata__\":{\"author\":\"test\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}", header, StringComparison.Ordinal);
        Assert.Contains("\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[24,40]}", header, StringComparison.Ordinal);
    }

    [Property(MaxTest = 150)]
    public Property Round_trip_preserves_names_shapes_dtypes_values_and_metadata() =>
        Prop.ForAll(Arbitraries.Files(), file =>
        {
            var back = Right(Safetensors.Read(Safetensors.Write(file)));
            return back.Metadata.SequenceEqual(file.Metadata)
                && back.Tensors.Length == file.Tensors.Length
                && back.Tensors.Zip(file.Tensors, (read, written) => read.Name == written.Name && read.Dtype == written.Dtype
                    && read.Shape.SequenceEqual(written.Shape)
                    && read.Values.SequenceEqual(written.Dtype == TensorDtype.F32 ? written.Values.Select(v => (double)(float)v) : written.Values)).All(ok => ok);
        });

    [Fact]
    public void Every_truncation_of_a_valid_file_is_an_error_value()
    {
        var bytes = Safetensors.Write(Sample());
        for (int length = 0; length < bytes.Length; length++)
            Assert.True(Safetensors.Read(bytes.AsSpan(0, length)).IsLeft, $"a file cut to {length} bytes was accepted");
    }

    [Property(MaxTest = 300)]
    public Property Corrupting_any_header_byte_never_throws() =>
        Prop.ForAll(Gen.Choose(0, 200).ToArbitrary(), Gen.Choose(0, 255).ToArbitrary(), (position, value) =>
        {
            var bytes = Safetensors.Write(Sample());
            bytes[position % bytes.Length] = (byte)value;
            var result = Safetensors.Read(bytes);
            return result.IsLeft || result.IsRight;
        });

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16, "safetensors.duplicate", "names 'a' twice")]
    [InlineData("{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "safetensors.dtype", "dtype BF16, expected F32 or F64")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "safetensors.shape", "non-negative integers")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "safetensors.offsets", "found none")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "safetensors.offsets", "0 ≤ begin ≤ end")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8, "safetensors.offsets", "ends at byte 16 but the data section has 8 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "safetensors.size", "F64 [2] = 16 bytes, but its offsets span 8")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "safetensors.overlap", "'b' starts at byte 4, overlapping tensor 'a', which ends at 8")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "safetensors.gap", "leaving a gap after the start of the data at 0")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12, "safetensors.trailing", "cover 8 bytes but the data section has 12")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", 0, "safetensors.metadata", "__metadata__.k must be a string")]
    [InlineData("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "safetensors.header-json", "invalid")]
    [InlineData("[1, 2]", 0, "safetensors.header-json", "must be a JSON object, found Array")]
    [InlineData("{\"a\":", 0, "safetensors.header-json", "not valid JSON")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904, 4],\"data_offsets\":[0,8]}}", 8, "safetensors.shape", "too large")]
    public void Each_header_problem_is_named(string header, int dataBytes, string code, string fragment)
    {
        var error = Left(Safetensors.Read(Build(header, dataBytes)));
        Assert.Equal(code, error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_length_beyond_the_cap_or_the_file_is_rejected_before_parsing()
    {
        var bytes = Build("{}", 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        Assert.Equal("safetensors.header-size", Left(Safetensors.Read(bytes)).Code);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        Assert.Contains("claims 1000 bytes but only 2 follow", Left(Safetensors.Read(bytes)).Message, StringComparison.Ordinal);
        Assert.Contains("shorter than the 8-byte header length", Left(Safetensors.Read(new byte[3])).Message, StringComparison.Ordinal);
        Assert.Equal("safetensors.header-size", Left(Safetensors.Read(Build("{}", 0), maxHeaderBytes: 1)).Code);
    }

    internal static SafetensorsFile Sample() => new(
        [new NamedTensor("a", TensorDtype.F32, [2, 3], [1, 2, 3, 4, 5, 6.5]), new NamedTensor("b", TensorDtype.F64, [2], [Math.PI, -0.0])],
        ImmutableSortedDictionary<string, string>.Empty.Add("author", "test"));

    private static byte[] Build(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    internal static T Right<T>(LanguageExt.Either<Error, T> e) => e.Match(x => x, err => throw new InvalidOperationException(err.Message));

    internal static Error Left<T>(LanguageExt.Either<Error, T> e) => e.Match(_ => throw new InvalidOperationException("expected an error"), err => err);

    private static class Arbitraries
    {
        public static Arbitrary<SafetensorsFile> Files()
        {
            var tensor =
                from dtype in Gen.Elements(TensorDtype.F32, TensorDtype.F64)
                from shape in Gen.Choose(0, 4).SelectMany(rank => Gen.Choose(0, 4).ArrayOf(rank))
                from values in Gen.Choose(-1_000_000, 1_000_000).Select(v => v / 997.0).ArrayOf(shape.Aggregate(1, (p, d) => p * d))
                select (dtype, shape, values);
            return (from tensors in tensor.ListOf().Select(l => l.Take(5).ToList())
                    from meta in Gen.Elements("", "x", "weights & <biases>", "ünï").ListOf().Select(l => l.Take(3).ToList())
                    select new SafetensorsFile(
                        [.. tensors.Select((t, i) => new NamedTensor($"t{i}.w", t.dtype, [.. t.shape.Select(d => (long)d)], [.. t.values]))],
                        meta.Select((v, i) => KeyValuePair.Create($"k{i}", v)).ToImmutableSortedDictionary())).ToArbitrary();
        }
    }
}
