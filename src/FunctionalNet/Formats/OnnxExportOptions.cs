using System.Collections.Immutable;

namespace FunctionalNet.Formats;

/// <summary>What an ONNX export carries besides the network: preprocessing, names and the operator set.</summary>
/// <param name="Scaler">The fitted scaler, exported as Sub and Div nodes before the first layer, or null.</param>
/// <param name="Features">Feature names in input order (stored in the model's metadata), or empty.</param>
/// <param name="Classes">Class names by label (stored in the model's metadata), or empty.</param>
/// <param name="Opset">The ONNX operator set version, <see cref="OnnxExport.MinOpset"/> to <see cref="OnnxExport.MaxOpset"/>.</param>
/// <param name="TargetScaler">A regressor's target scaling, undone after the last layer as Mul and Add nodes so
/// <c>variable</c> is in the targets' own units; null for none (and ignored by a classifier).</param>
/// <param name="MultiLabel">A multi-label classifier: its K sigmoid outputs are independent, so <c>probabilities</c> is
/// [N × K] and <c>label</c> the [N × K] 0/1 matrix (probability ≥ ½); <see cref="Classes"/> then holds the K label names.</param>
public sealed record OnnxExportOptions(ScalerCard? Scaler = null, ImmutableArray<string> Features = default,
    ImmutableArray<string> Classes = default, int Opset = OnnxExport.DefaultOpset, ScalerCard? TargetScaler = null, bool MultiLabel = false)
{
    /// <summary>
    /// A model fitted on a raw table: its preprocessing goes into the graph, which then takes one input per raw
    /// column (see <see cref="OnnxExport"/>) instead of <c>input</c>; null for a model of numeric features.
    /// </summary>
    public Data.Preprocessing.TablePreprocessing? Table { get; init; }
    /// <summary>A classifier's calibration, exported between the last Gemm and its softmax or sigmoid; null for none.</summary>
    public Calibration? Calibration { get; init; }

    /// <summary>A two-class classifier's decision threshold on P(class 1), exported as the <c>label</c> output's comparison; null for the arg-max (½).</summary>
    public double? Threshold { get; init; }

    /// <summary>No scaler, no names, the default opset.</summary>
    public static OnnxExportOptions Default { get; } = new();
}
