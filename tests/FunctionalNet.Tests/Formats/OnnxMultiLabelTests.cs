using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tests.Estimators;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Formats;

/// <summary>A multi-label model exported to ONNX, judged by ONNX Runtime against the model's own predictions.</summary>
public class OnnxMultiLabelTests
{
    [Property(MaxTest = 15)]
    public Property Onnx_runtime_gives_the_models_label_probabilities_and_0_1_labels() =>
        Prop.ForAll(Gen.Choose(1, 4).ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (inputs, labels, seed) =>
        {
            var (model, rows) = MultiLabelClassifierTests.Build(inputs, 3, labels, float32: false, scaled: true, seed);
            var parameters = ((NetworkWeights.F64)model.Weights).Parameters;
            var bytes = OnnxExport.Write(model.Architecture, parameters, new OnnxExportOptions(model.Scaler, model.FeatureNames, model.Labels, MultiLabel: true))
                .Match(b => b, e => throw new InvalidOperationException(e.Message));
            var (values, indicators) = OnnxRuntimeRun.Run(bytes, rows.Span.ToArray(), rows.Rows, inputs);
            var expected = model.PredictProba(rows);
            var predicted = model.Predict(rows);
            var p = values["probabilities"];
            var l = indicators["label"];
            return (p.Shape.SequenceEqual([rows.Rows, (long)labels]) && l.Shape.SequenceEqual([rows.Rows, (long)labels])
                && Enumerable.Range(0, p.Values.Length).All(i => Math.Abs(p.Values[i] - expected.Span[i]) <= 1e-12
                    && (Math.Abs(expected.Span[i] - 0.5) < 1e-9 || l.Values[i] == (long)predicted.Span[i])))
                .Label($"{model.Architecture.Shape}, seed {seed}");
        });

    [Fact]
    public void Label_names_go_into_the_metadata_and_a_softmax_output_is_refused()
    {
        var (model, _) = MultiLabelClassifierTests.Build(2, 3, 3, float32: true, scaled: false, 4);
        var parameters = ((NetworkWeights.F32)model.Weights).Parameters;
        var bytes = OnnxExport.Write(model.Architecture, parameters, new OnnxExportOptions(Classes: model.Labels, MultiLabel: true)).Match(b => b, e => throw new InvalidOperationException(e.Message));
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(bytes);
        Assert.Equal("""["label 0","label 1","label 2"]""", session.ModelMetadata.CustomMetadataMap["labels"]);
        Assert.Equal([-1, 3], session.OutputMetadata["label"].Dimensions);
        var softmax = Architecture.Mlp([2, 3], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy).OrThrow();
        Assert.Equal("onnx.multilabel", OnnxExport.Write(softmax, Initializer.Xavier.Initialize<double>(softmax, Rng.Create(1)), new OnnxExportOptions(MultiLabel: true)).Match(_ => "", e => e.Code));
    }
}
