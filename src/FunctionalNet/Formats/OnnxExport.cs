using System.Numerics;
using System.Text.Json;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// Writes a network as an ONNX model (a serialized ModelProto) that ONNX Runtime and other ONNX tools run as they
/// are: input <c>input</c> [N × features] of the parameters' type; the scaler as Sub and Div; per layer a Gemm
/// (transB = 1, since weights are stored [out × in]) and its activation. A classifier (sigmoid or softmax output)
/// has outputs <c>label</c> (int64 [N]) and <c>probabilities</c> [N × classes], as skl2onnx names them; any other
/// output activation gives <c>variable</c> [N × outputs], after a regressor's target scaling is undone (Mul, Add).
/// Feature and class names go into metadata_props as JSON arrays. A model fitted on a raw table
/// (<see cref="OnnxExportOptions.Table"/>) takes one input per raw column instead, imputed and one-hot encoded in the
/// graph (<see cref="OnnxTablePreprocessing"/>). A classifier's calibration and decision threshold
/// (<see cref="OnnxExportOptions.Calibration"/>, <see cref="OnnxExportOptions.Threshold"/>) are nodes of <see cref="OnnxDecision"/>.
/// </summary>
/// <remarks>
/// The protobuf is written by a small hand encoder (<see cref="ProtoWriter"/>) so the pure core keeps no
/// Google.Protobuf or native dependency; ONNX Runtime checks the result in the test suite.
/// </remarks>
public static class OnnxExport
{
    /// <summary>The opset written unless another is asked for.</summary>
    public const int DefaultOpset = 17;

    /// <summary>The lowest opset accepted (Softmax's per-axis meaning and Squeeze's axes input start at 13).</summary>
    public const int MinOpset = 13;

    /// <summary>The highest opset accepted.</summary>
    public const int MaxOpset = 21;

    /// <summary>
    /// The ONNX bytes of <paramref name="architecture"/> with <paramref name="parameters"/> (float → FLOAT,
    /// double → DOUBLE), or an error: a user-defined activation (ONNX has no operator for it), an opset out of
    /// range, or a scaler, feature or class list that does not fit the network.
    /// </summary>
    public static Either<Error, byte[]> Write<T>(Architecture architecture, Parameters<T> parameters, OnnxExportOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        options ??= OnnxExportOptions.Default;
        if (Problem(architecture, parameters, options) is { } problem) return problem;
        var graph = new OnnxGraph<T>();
        BuildGraph(graph, architecture, parameters, options);
        if (graph.Duplicate is { } twice)
            return new Error("onnx.names", $"the graph would hold two values named \"{twice}\" (a table column is named like one of the exporter's own values); rename the column");
        var model = new ProtoWriter()
            .Varint(1, IrVersion(options.Opset))
            .String(2, ModelCard.ThisLibrary.Name)
            .String(3, ModelCard.ThisLibrary.Version)
            .Message(7, g => graph.Encode(g, "functionalnet"))
            .Message(8, opset => opset.String(1, "").Varint(2, options.Opset));
        if (graph.UsesMl) model.Message(8, opset => opset.String(1, OnnxGraph<T>.MlDomain).Varint(2, OnnxGraph<T>.MlOpset));
        foreach (var (key, value) in Metadata(architecture, options))
            model.Message(14, entry => entry.String(1, key).String(2, value));
        return model.ToArray();
    }

    /// <summary>True when the output layer gives class probabilities (sigmoid or softmax), so the model has a label output.</summary>
    public static bool IsClassifier(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return architecture.Output.Activation is Sigmoid or Softmax;
    }

    private static Error? Problem<T>(Architecture architecture, Parameters<T> parameters, OnnxExportOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            return new Error("onnx.dtype", $"ONNX export writes float32 or float64 parameters, found {typeof(T).Name}");
        if (parameters.Count != architecture.Layout.Count)
            return new Error("onnx.parameters", $"a {architecture.Shape} network has {architecture.Layout.Count} parameters, found {parameters.Count}");
        if (options.Opset is < MinOpset or > MaxOpset)
            return new Error("onnx.opset", $"opset must be {MinOpset} to {MaxOpset}, found {options.Opset}");
        for (int k = 0; k < architecture.Layers.Length; k++)
            if (!OnnxActivations.Exports(architecture.Layers[k].Activation))
                return new Error("onnx.activation",
                    $"layer {k + 1} uses the user-defined activation '{architecture.Layers[k].Activation.Name}', which has no ONNX operator; the model cannot be exported");
        int n = architecture.Inputs;
        if (OnnxTablePreprocessing.Problem(options.Table, n) is { } table) return table;
        if (options.Scaler is { } s)
        {
            if (s.Offset.IsDefault || s.Scale.IsDefault || s.Offset.Length != n || s.Scale.Length != n)
                return new Error("onnx.scaler", $"the scaler needs {n} offsets and {n} scales for a network with {n} inputs");
            if (s.Scale.Any(v => !double.IsFinite(v) || v == 0) || s.Offset.Any(v => !double.IsFinite(v)))
                return new Error("onnx.scaler", "the scaler's offsets must be finite and its scales finite and non-zero");
        }
        if (options.TargetScaler is { } t && !IsClassifier(architecture))
        {
            int k = architecture.Outputs;
            if (t.Offset.IsDefault || t.Scale.IsDefault || t.Offset.Length != k || t.Scale.Length != k)
                return new Error("onnx.target-scaler", $"the target scaler needs {k} offsets and {k} scales for a network with {k} outputs");
            if (t.Scale.Any(v => !double.IsFinite(v) || v == 0) || t.Offset.Any(v => !double.IsFinite(v)))
                return new Error("onnx.target-scaler", "the target scaler's offsets must be finite and its scales finite and non-zero");
        }
        if (!options.Features.IsDefaultOrEmpty && options.Features.Length != n)
            return new Error("onnx.features", $"{options.Features.Length} feature names for a network with {n} inputs");
        if (options.MultiLabel && architecture.Output.Activation is not Sigmoid)
            return new Error("onnx.multilabel", $"a multi-label model has sigmoid outputs, found {architecture.Output.Activation.Name}");
        int classes = options.MultiLabel ? architecture.Outputs : ClassCount(architecture);
        if (!options.Classes.IsDefaultOrEmpty && IsClassifier(architecture) && options.Classes.Length != classes)
            return new Error("onnx.classes", $"{options.Classes.Length} {(options.MultiLabel ? "label" : "class")} names for a classifier with {classes} {(options.MultiLabel ? "labels" : "classes")}");
        return OnnxDecision.Problem(architecture, options);
    }

    private static int ClassCount(Architecture architecture) => architecture.Outputs == 1 ? 2 : architecture.Outputs;

    private static void BuildGraph<T>(OnnxGraph<T> graph, Architecture architecture, Parameters<T> parameters, OnnxExportOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int elem = OnnxGraph<T>.ElementType;
        string x = OnnxTablePreprocessing.Emit(graph, options.Table, architecture.Inputs);
        if (options.Scaler is { } s)
        {
            // The CLI's card stores x' = (x − offset) / scale; two broadcasting nodes reproduce it.
            var offset = graph.Constant("scaler.offset", [.. s.Offset.Select(T.CreateTruncating)], architecture.Inputs);
            var scale = graph.Constant("scaler.scale", [.. s.Scale.Select(T.CreateTruncating)], architecture.Inputs);
            graph.Node("Sub", "scaler_sub", [x, offset], "scaler_centered");
            graph.Node("Div", "scaler_div", ["scaler_centered", scale], "scaled_input");
            x = "scaled_input";
        }
        bool classifier = IsClassifier(architecture);
        var target = classifier ? null : options.TargetScaler;
        int last = architecture.Layers.Length - 1;
        for (int k = 0; k <= last; k++)
        {
            var slot = architecture.Layout.Slots[k];
            var activation = architecture.Layers[k].Activation;
            string a = k < last ? $"hidden_{k}" : classifier ? (architecture.Outputs == 1 && !options.MultiLabel ? "probability_1" : "probabilities") : target is null ? "variable" : "scaled_variable";
            string z = activation is Identity ? a : $"linear_{k}";
            var weight = graph.Constant(ModelWeights.WeightName(k), parameters.Weights(k), slot.Outputs, slot.Inputs);
            var bias = graph.Constant(ModelWeights.BiasName(k), parameters.Bias(k), slot.Outputs);
            graph.Node("Gemm", $"gemm_{k}", [x, weight, bias], z, ("transB", 1L));
            if (k == last && classifier) z = OnnxDecision.Calibrated(graph, options.Calibration, z, architecture.Outputs);
            OnnxActivations.Emit(graph, activation, z, a, k, options.Opset);
            x = a;
        }
        if (target is not null)
        {
            // The network predicts (y − offset) / scale; y = output · scale + offset, as ScalerCard.Invert.
            var scale = graph.Constant("target_scaler.scale", [.. target.Scale.Select(T.CreateTruncating)], architecture.Outputs);
            var offset = graph.Constant("target_scaler.offset", [.. target.Offset.Select(T.CreateTruncating)], architecture.Outputs);
            graph.Node("Mul", "target_scaler_mul", [x, scale], "target_scaled");
            graph.Node("Add", "target_scaler_add", ["target_scaled", offset], "variable");
        }
        if (classifier && options.MultiLabel) EmitIndicators(graph, architecture);
        else if (classifier) EmitLabels(graph, architecture, options.Threshold);
        else graph.Output("variable", elem, "N", (long)architecture.Outputs);
    }

    // Labels as Classifier.PredictIndices gives them: the arg-max, or for one output p ≥ ½ (or the threshold) with
    // probabilities [1 − p, p]; two softmax outputs with a threshold compare P(class 1) with it.
    private static void EmitLabels<T>(OnnxGraph<T> graph, Architecture architecture, double? threshold) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (architecture.Outputs == 1)
        {
            graph.Node("Sub", "probability_0_sub", [graph.Scalar("one", 1), "probability_1"], "probability_0");
            graph.Node("Concat", "probabilities_concat", ["probability_0", "probability_1"], "probabilities", ("axis", 1L));
            graph.Node("GreaterOrEqual", "threshold", ["probability_1", OnnxDecision.Threshold(graph, threshold)], "label_column");
            graph.Node("Squeeze", "label_squeeze", ["label_column", graph.Int64s("label_axes", 1)], "label_bool");
            graph.Node("Cast", "label_cast", ["label_bool"], "label", ("to", (long)OnnxGraph<T>.Int64));
        }
        else if (threshold is { } t)
        {
            OnnxDecision.TwoClassLabels(graph, t);
        }
        else
        {
            graph.Node("ArgMax", "label_argmax", ["probabilities"], "label", ("axis", 1L), ("keepdims", 0L));
        }
        graph.Output("label", OnnxGraph<T>.Int64, "N");
        graph.Output("probabilities", OnnxGraph<T>.ElementType, "N", (long)ClassCount(architecture));
    }

    // A multi-label model's labels as MultiLabelClassifier.Predict gives them: each probability ≥ ½, as 0/1.
    private static void EmitIndicators<T>(OnnxGraph<T> graph, Architecture architecture) where T : unmanaged, IFloatingPointIeee754<T>
    {
        graph.Node("GreaterOrEqual", "threshold", ["probabilities", graph.Scalar("half", 0.5)], "label_bool");
        graph.Node("Cast", "label_cast", ["label_bool"], "label", ("to", (long)OnnxGraph<T>.Int64));
        graph.Output("label", OnnxGraph<T>.Int64, "N", (long)architecture.Outputs);
        graph.Output("probabilities", OnnxGraph<T>.ElementType, "N", (long)architecture.Outputs);
    }

    private static IEnumerable<(string Key, string Value)> Metadata(Architecture architecture, OnnxExportOptions options)
    {
        yield return ("architecture", architecture.ToString());
        if (!options.Features.IsDefaultOrEmpty) yield return ("features", JsonSerializer.Serialize(options.Features.ToArray(), OnnxJsonContext.Default.StringArray));
        if (!options.Classes.IsDefaultOrEmpty) yield return (options.MultiLabel ? "labels" : "classes", JsonSerializer.Serialize(options.Classes.ToArray(), OnnxJsonContext.Default.StringArray));
        if (options.Scaler is { } s) yield return ("scaler", s.Kind);
        foreach (var entry in OnnxTablePreprocessing.Metadata(options.Table)) yield return entry;
    }

    // The IR version each opset first shipped with (onnx/helper.py's VERSION_TABLE), so older runtimes accept the file.
    private static long IrVersion(int opset) => opset switch
    {
        <= 14 => 7,
        <= 18 => 8,
        <= 20 => 9,
        _ => 10,
    };
}
