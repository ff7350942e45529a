using FunctionalNet.Calculus;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace FunctionalNet.Tests.Formats;

/// <summary>What the ONNX export refuses, what it records besides the numbers, and the onnx checker's verdict.</summary>
public class OnnxExportTests
{
    private static Architecture Arch(Activation hidden, Activation output, Loss loss, int outputs = 3) =>
        Architecture.Mlp([4, 5, outputs], hidden, output, loss).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));

    private static Parameters<double> Theta(Architecture arch) => Initializer.Xavier.Initialize<double>(arch, Rng.Create(7));

    private static readonly OnnxExportOptions Named = new(
        new ScalerCard("standard", [1, 2, 3, 4], [0.5, 2, 4, 8]), ["sepal length", "sepal width", "petal, length", "petal \"width\""],
        ["setosa", "versicolor", "virginica"]);

    [Fact]
    public void A_user_defined_activation_is_refused_by_name()
    {
        var softplus = Activation.Custom("softplus", z => Math.Log(1 + Math.Exp(z)), (z, _) => 1 / (1 + Math.Exp(-z)),
            (z, _) => Math.Exp(-z) / Math.Pow(1 + Math.Exp(-z), 2));
        var arch = Arch(softplus, Activation.Softmax, Loss.CrossEntropy);
        var error = OnnxExport.Write(arch, Theta(arch)).Match(_ => throw new InvalidOperationException("exported"), e => e);
        Assert.Equal("onnx.activation", error.Code);
        Assert.Contains("'softplus'", error.Message, StringComparison.Ordinal);
        Assert.Contains("layer 1", error.Message, StringComparison.Ordinal);
    }

    // The exporter reads the catalog's list: an activation added there without an ONNX emitter fails here.
    [Fact]
    public void Every_activation_in_the_catalog_exports()
    {
        foreach (var entry in FunctionalNet.Catalog.Activations)
        {
            var activation = FunctionalNet.Catalog.Activation(entry.Name).IfNone(() => throw new InvalidOperationException(entry.Name));
            var arch = entry.Placement == FunctionalNet.Placement.OutputOnly
                ? Arch(Activation.Tanh, activation, Loss.CrossEntropy)
                : Arch(activation, Activation.Identity, Loss.SquaredError);
            Assert.True(OnnxExport.Write(arch, Theta(arch)).IsRight, entry.Name);
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(22)]
    public void An_opset_out_of_range_is_refused(int opset)
    {
        var arch = Arch(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy);
        var error = OnnxExport.Write(arch, Theta(arch), new OnnxExportOptions(Opset: opset)).Match(_ => null!, e => e);
        Assert.Equal("onnx.opset", error.Code);
    }

    [Fact]
    public void Names_and_scalers_that_do_not_fit_the_network_are_refused()
    {
        var arch = Arch(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy);
        string Code(OnnxExportOptions o) => OnnxExport.Write(arch, Theta(arch), o).Match(_ => "exported", e => e.Code);
        Assert.Equal("onnx.features", Code(Named with { Features = ["a", "b"] }));
        Assert.Equal("onnx.classes", Code(Named with { Classes = ["a", "b"] }));
        Assert.Equal("onnx.scaler", Code(Named with { Scaler = new ScalerCard("standard", [0, 0, 0, 0], [1, 0, 1, 1]) }));
        Assert.Equal("onnx.scaler", Code(Named with { Scaler = new ScalerCard("standard", [0], [1]) }));
        Assert.Equal("exported", Code(Named));
    }

    [Theory]
    [InlineData(13)]
    [InlineData(17)]
    [InlineData(21)]
    public void Every_accepted_opset_loads_in_onnx_runtime_with_names_in_the_metadata(int opset)
    {
        var arch = Arch(Activation.Elu(2), Activation.Softmax, Loss.CrossEntropy);
        var bytes = OnnxExport.Write(arch, Theta(arch).Convert<float>(), Named with { Opset = opset }).Match(b => b, e => throw new InvalidOperationException(e.Message));
        using var session = new InferenceSession(bytes);
        var meta = session.ModelMetadata;
        Assert.Equal("FunctionalNet", meta.ProducerName);
        Assert.Equal("""["sepal length","sepal width","petal, length","petal \u0022width\u0022"]""", meta.CustomMetadataMap["features"]);
        Assert.Equal("""["setosa","versicolor","virginica"]""", meta.CustomMetadataMap["classes"]);
        Assert.Equal("standard", meta.CustomMetadataMap["scaler"]);
        Assert.Equal(["input"], session.InputNames);
        Assert.Equal(["label", "probabilities"], session.OutputNames);
        Assert.Equal([-1, 4], session.InputMetadata["input"].Dimensions);
        Assert.Equal("N", session.InputMetadata["input"].SymbolicDimensions[0]);
    }

    [Fact]
    public void A_regression_network_has_one_output_called_variable()
    {
        var arch = Arch(Activation.Relu, Activation.Identity, Loss.SquaredError, outputs: 2);
        var bytes = OnnxExport.Write(arch, Theta(arch)).Match(b => b, e => throw new InvalidOperationException(e.Message));
        using var session = new InferenceSession(bytes);
        Assert.Equal(["variable"], session.OutputNames);
        Assert.Equal([-1, 2], session.OutputMetadata["variable"].Dimensions);
        Assert.Equal(typeof(double), session.OutputMetadata["variable"].ElementType);
    }

    [Fact]
    public void The_csharp_lines_in_formats_md_read_label_probabilities_and_class_names()
    {
        var arch = Architecture.Mlp([2, 3, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var bytes = OnnxExport.Write(arch, Theta(arch), new OnnxExportOptions(Classes: ["left", "right"]))
            .Match(b => b, e => throw new InvalidOperationException(e.Message));
        // From here on as docs/formats.md shows it (there from a file).
        using var session = new InferenceSession(bytes);
        using var input = OrtValue.CreateTensorValueFromMemory(new double[] { 1.0, -0.5 }, [1, 2]);
        using var run = new RunOptions();
        using var outputs = session.Run(run, new Dictionary<string, OrtValue> { ["input"] = input }, ["label", "probabilities"]);
        long label = outputs[0].GetTensorDataAsSpan<long>()[0];
        var classes = System.Text.Json.JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap["classes"])!;
        var expected = Network.Predict(arch, Theta(arch), Matrix<double>.Create(1, 2, [1.0, -0.5]));
        Assert.Equal(new[] { "left", "right" }[Network.Labels(expected)[0]], classes[label]);
        Assert.Equal(expected.Span.ToArray(), outputs[1].GetTensorDataAsSpan<double>().ToArray(), (a, b) => Math.Abs(a - b) <= 1e-12);
    }

    [PythonOnnxFact]
    public void The_onnx_checker_accepts_an_exported_model()
    {
        var arch = Arch(Activation.LeakyRelu(0.1), Activation.Sigmoid, Loss.BinaryCrossEntropy, outputs: 1);
        foreach (var bytes in new[]
        {
            OnnxExport.Write(arch, Theta(arch), Named with { Classes = ["no", "yes"] }),
            OnnxExport.Write(arch, Theta(arch).Convert<float>(), Named with { Classes = [] }),
        })
        {
            string? problem = OnnxChecker.Problem(bytes.Match(b => b, e => throw new InvalidOperationException(e.Message)));
            Assert.True(problem is null, problem);
        }
    }
}
