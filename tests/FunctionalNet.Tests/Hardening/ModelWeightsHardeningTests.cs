using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Tests.Hardening;

/// <summary>Weights checked against an architecture read from an untrusted card: the card's size claims cost nothing until the file backs them.</summary>
public class ModelWeightsHardeningTests
{
    [Fact]
    public void A_card_claiming_a_billion_parameters_over_a_tiny_file_is_refused_without_allocating_them()
    {
        // 2-30000-30000-2 has 900,150,002 parameters (7.2 GB as doubles); the file holds a 2-3-2 network's 17.
        var huge = Architecture.Mlp([2, 30000, 30000, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var small = Architecture.Mlp([2, 3, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var file = Safetensors.Read(Safetensors.Write(ModelWeights.ToSafetensors(Parameters<double>.Zeros(small.Layout)))).Match(f => f, e => throw new InvalidOperationException(e.Message));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = ModelWeights.ToParameters<double>(huge, file);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(result.IsLeft);
        Assert.True(allocated < Hostile.FixedBytes, $"allocated {allocated} bytes refusing a 17-parameter file");
    }

    [Property(MaxTest = 200)]
    public Property Wrong_names_dtypes_shapes_and_non_finite_values_are_error_values() =>
        Prop.ForAll(Gen.Choose(0, 5).ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(), (change, k) =>
        {
            var arch = Architecture.Mlp([2, 3, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
            var good = ModelWeights.ToSafetensors(Parameters<double>.Zeros(arch.Layout));
            var t = good.Tensors[k];
            var bad = change switch
            {
                0 => t with { Name = t.Name + "x" },
                1 => t with { Dtype = TensorDtype.F32 },
                2 => t with { Shape = [.. t.Shape.Reverse()], Values = t.Values },
                3 => t with { Values = t.Values.SetItem(0, double.NaN) },
                4 => t with { Values = t.Values.SetItem(t.Values.Length - 1, double.NegativeInfinity) },
                _ => t with { Shape = [t.Values.Length], Values = t.Values },
            };
            var file = good with { Tensors = good.Tensors.SetItem(k, bad) };
            bool unchangedShape = change == 2 && t.Shape.Length == 1 || change == 5 && t.Shape.Length == 1;
            return ModelWeights.ToParameters<double>(arch, file).IsLeft != unchangedShape;
        });
}
