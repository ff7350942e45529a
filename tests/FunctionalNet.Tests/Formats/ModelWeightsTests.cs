using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using static FunctionalNet.Tests.Formats.SafetensorsTests;

namespace FunctionalNet.Tests.Formats;

public class ModelWeightsTests
{
    private static readonly Architecture Net = Architecture.Mlp([3, 4, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy)
        .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));

    [Property(MaxTest = 50)]
    public Property Parameters_round_trip_bit_for_bit_in_both_precisions() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var p64 = Initializer.Xavier.Initialize<double>(Net, Rng.Create((ulong)seed));
            var p32 = p64.Convert<float>();
            var back64 = Right(ModelWeights.ToParameters<double>(Net, Right(Safetensors.Read(Safetensors.Write(ModelWeights.ToSafetensors(p64))))));
            var back32 = Right(ModelWeights.ToParameters<float>(Net, Right(Safetensors.Read(Safetensors.Write(ModelWeights.ToSafetensors(p32))))));
            return back64.Flat.SequenceEqual(p64.Flat) && back32.Flat.SequenceEqual(p32.Flat);
        });

    [Fact]
    public void Tensors_use_nn_linear_names_and_shapes()
    {
        var file = ModelWeights.ToSafetensors(Parameters<float>.Zeros(Net.Layout));
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"], file.Tensors.Select(t => t.Name));
        Assert.Equal([[4L, 3L], [4L], [2L, 4L], [2L]], file.Tensors.Select(t => t.Shape.ToArray()));
        Assert.All(file.Tensors, t => Assert.Equal(TensorDtype.F32, t.Dtype));
    }

    [Fact]
    public void Weight_rows_are_output_units()
    {
        // W[out, in] row-major: the flat vector's first layer starts with unit 0's three input weights.
        var flat = Enumerable.Range(0, Net.Layout.Count).Select(i => (double)i).ToArray();
        var file = ModelWeights.ToSafetensors(Parameters<double>.FromFlat(Net.Layout, flat));
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], file.Find("layers.0.weight").Map(t => t.Values.ToArray()).IfNone([]));
        Assert.Equal([12.0, 13, 14, 15], file.Find("layers.0.bias").Map(t => t.Values.ToArray()).IfNone([]));
        Assert.True(file.Find("layers.2.weight").IsNone);
    }

    [Fact]
    public void A_mismatch_with_the_architecture_is_an_error_naming_the_tensor()
    {
        var good = ModelWeights.ToSafetensors(Parameters<double>.Zeros(Net.Layout));
        Assert.Contains("'layers.0.weight' is F64, but the model card says F32",
            Left(ModelWeights.ToParameters<float>(Net, good)).Message, StringComparison.Ordinal);

        var other = Architecture.Mlp([3, 5, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy).Match(a => a, _ => throw new InvalidOperationException());
        Assert.Contains("'layers.0.weight' has shape [4, 3], expected [5, 3]",
            Left(ModelWeights.ToParameters<double>(other, good)).Message, StringComparison.Ordinal);

        var missing = good with { Tensors = good.Tensors.RemoveAt(3) };
        Assert.Contains("no tensor 'layers.1.bias'", Left(ModelWeights.ToParameters<double>(Net, missing)).Message, StringComparison.Ordinal);

        var extra = good with { Tensors = good.Tensors.Add(new NamedTensor("layers.2.weight", TensorDtype.F64, [1], [0.0])) };
        Assert.Contains("'layers.2.weight', which a 3-4-2 network does not have", Left(ModelWeights.ToParameters<double>(Net, extra)).Message, StringComparison.Ordinal);

        var nan = good with { Tensors = good.Tensors.SetItem(1, good.Tensors[1] with { Values = [0.0, double.NaN, 0, 0] }) };
        Assert.Equal("weights.non-finite", Left(ModelWeights.ToParameters<double>(Net, nan)).Code);
    }
}
