using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Calculus;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Formats;

/// <summary>
/// ONNX Runtime, running the exported bytes, agrees with <see cref="Network.Predict{T}"/> for networks using gelu, silu
/// and softplus, in float32 and float64, before opset 20 (gelu spelled out with Erf) and from it (the Gelu operator).
/// Inputs reach |z| of several tens, so the tails and softplus's threshold are crossed.
/// </summary>
public sealed class OnnxActivationParityTests
{
    public static TheoryData<string, int> ActivationsAndOpsets()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "gelu", "silu", "softplus" })
            foreach (int opset in new[] { 13, 17, 20, 21 })
                data.Add(name, opset);
        return data;
    }

    [Theory]
    [MemberData(nameof(ActivationsAndOpsets))]
    public void Onnx_runtime_agrees_with_predict_in_float64(string name, int opset) =>
        Properties.Check(Prop.ForAll(Cases(Activation.Parse(name)!), c => Agrees<double>(c, opset, 1e-12)), cases: 40);

    [Theory]
    [MemberData(nameof(ActivationsAndOpsets))]
    public void Onnx_runtime_agrees_with_predict_in_float32(string name, int opset) =>
        Properties.Check(Prop.ForAll(Cases(Activation.Parse(name)!), c => Agrees<float>(c, opset, 1e-5)), cases: 40);

    [Fact]
    public void Gelu_is_one_operator_from_opset_20_and_spelled_with_erf_before()
    {
        var arch = Architecture.Mlp([2, 3, 1], Activation.Gelu, Activation.Identity, Loss.SquaredError).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var parameters = Parameters<float>.FromFlat(arch.Layout, new float[arch.Layout.Count]);
        string Ops(int opset) => System.Text.Encoding.ASCII.GetString(OnnxExport.Write(arch, parameters, new OnnxExportOptions(Opset: opset))
            .Match(b => b, e => throw new InvalidOperationException(e.Message)));
        Assert.Contains("Gelu", Ops(20), StringComparison.Ordinal);
        Assert.DoesNotContain("Erf", Ops(20), StringComparison.Ordinal);
        Assert.Contains("Erf", Ops(13), StringComparison.Ordinal);
    }

    // 1–2 hidden layers of the activation, the output either identity (regression) or the activation itself (and mse).
    private static Arbitrary<(Architecture Architecture, int Rows, int Seed)> Cases(Activation activation) =>
        (from hiddenCount in Gen.Choose(1, 2)
         from widths in Gen.ArrayOf(Gen.Choose(1, 8), 2)
         from inputs in Gen.Choose(1, 5)
         from outputs in Gen.Choose(1, 4)
         from output in Gen.Elements(Activation.Identity, activation)
         from rows in Gen.Choose(1, 8)
         from seed in Gen.Choose(0, int.MaxValue)
         let layers = widths[..hiddenCount].Select(w => new Layer(w, activation)).Append(new Layer(outputs, output))
         select (Architecture.Create(inputs, layers, Loss.SquaredError).Match(a => a, e => throw new InvalidOperationException(e.Head.Message)), rows, seed))
        .ToArbitrary();

    private static void Agrees<T>((Architecture Architecture, int Rows, int Seed) c, int opset, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (arch, rows, seed) = c;
        var rng = Rng.Create((ulong)seed);
        var theta = new double[arch.Layout.Count];
        rng.Fork(10).FillNormal<double>(theta, 0, 2);
        var parameters = Parameters<double>.FromFlat(arch.Layout, theta).Convert<T>();
        var x = new double[rows * arch.Inputs];
        rng.Fork(1).FillNormal<double>(x, 0, 10);
        var features = Matrix<double>.Create(rows, arch.Inputs, x).Convert<T>();

        var expected = Network.Predict(arch, parameters, features);
        var bytes = OnnxExport.Write(arch, parameters, new OnnxExportOptions(Opset: opset)).Match(b => b, e => throw new InvalidOperationException(e.Message));
        var variable = OnnxRuntimeRun.Run(bytes, features.Span.ToArray(), rows, arch.Inputs).Values["variable"];
        Assert.Equal([rows, arch.Outputs], variable.Shape);
        for (int i = 0; i < expected.Span.Length; i++)
        {
            double e = double.CreateTruncating(expected.Span[i]), a = double.CreateTruncating(variable.Values[i]);
            Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)),
                $"{arch} at opset {opset}, seed {seed}: variable[{i}] is {a:R} in ONNX Runtime, {e:R} from Network.Predict");
        }
    }
}
