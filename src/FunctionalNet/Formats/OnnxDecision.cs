using System.Globalization;
using System.Numerics;
using FunctionalNet.Model;

namespace FunctionalNet.Formats;

/// <summary>
/// The nodes of a classifier's calibration and decision threshold in an ONNX export: the calibration between the last
/// Gemm and its softmax or sigmoid (Div by T, or Mul by a and Add of b on the class-1 logit), and the threshold as a
/// GreaterOrEqual on P(class 1), as <see cref="Classifier"/> computes them.
/// </summary>
internal static class OnnxDecision
{
    /// <summary>Null when the options' calibration and threshold fit <paramref name="architecture"/>, else what is wrong.</summary>
    public static Error? Problem(Architecture architecture, OnnxExportOptions options)
    {
        if (options.Calibration is { } c && (options.MultiLabel ? new Error("onnx.calibration", "a multi-label model has no calibration") : c.Problem(architecture)) is { } bad)
            return new Error("onnx.calibration", bad.Message);
        if (options.Threshold is not { } t) return null;
        if (options.MultiLabel || !Classifier.GivesProbabilities(architecture) || architecture.Outputs > 2)
            return new Error("onnx.threshold", $"a decision threshold is for a two-class classifier, found {architecture.Outputs} {architecture.Output.Activation.Name} output(s){(options.MultiLabel ? " of a multi-label model" : "")}");
        return (t >= 0 && t <= 1) || double.IsPositiveInfinity(t) ? null
            : new Error("onnx.threshold", $"a decision threshold is in [0, 1] or +∞, found {t.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The calibrated logits' name: <paramref name="logits"/> itself without a calibration.</summary>
    public static string Calibrated<T>(OnnxGraph<T> graph, Calibration? calibration, string logits, int outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (calibration)
        {
            case Calibration.Temperature t:
                graph.Node("Div", "temperature_div", [logits, graph.Scalar("temperature", t.Value)], "calibrated_logits");
                return "calibrated_logits";
            case Calibration.Platt p:
                // a·z on every logit and b on the last (class 1's): sigmoid(a·z + b), or softmax([a·z₀, a·z₁ + b]).
                var shift = new T[outputs];
                shift[^1] = T.CreateTruncating(p.Intercept);
                graph.Node("Mul", "platt_mul", [logits, graph.Scalar("platt_slope", p.Slope)], "platt_scaled");
                graph.Node("Add", "platt_add", ["platt_scaled", graph.Constant("platt_intercept", shift, outputs)], "calibrated_logits");
                return "calibrated_logits";
            default:
                return logits;
        }
    }

    /// <summary>
    /// The scalar a probability is compared with: ½ without a threshold (named <c>half</c>, as before), else the
    /// threshold rounded up to <typeparamref name="T"/>, so that p ≥ it holds exactly when p ≥ the threshold in double.
    /// </summary>
    public static string Threshold<T>(OnnxGraph<T> graph, double? threshold) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (threshold is not { } t) return graph.Scalar("half", 0.5);
        var value = T.CreateTruncating(t);
        if (double.CreateTruncating(value) < t) value = T.BitIncrement(value);
        return graph.Constant("decision_threshold", [value]);
    }

    /// <summary>Two softmax outputs' labels by the threshold: P(class 1) (column 1 of <c>probabilities</c>) ≥ it, as int64.</summary>
    public static void TwoClassLabels<T>(OnnxGraph<T> graph, double threshold) where T : unmanaged, IFloatingPointIeee754<T>
    {
        graph.Node("Gather", "probability_1_gather", ["probabilities", graph.Int64s("class_1", 1)], "probability_1", ("axis", 1L));
        graph.Node("GreaterOrEqual", "threshold", ["probability_1", Threshold(graph, threshold)], "label_column");
        graph.Node("Squeeze", "label_squeeze", ["label_column", graph.Int64s("label_axes", 1)], "label_bool");
        graph.Node("Cast", "label_cast", ["label_bool"], "label", ("to", (long)OnnxGraph<T>.Int64));
    }
}
