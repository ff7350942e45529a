using System.Numerics;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Formats;

/// <summary>The ONNX nodes computing each built-in activation, from pre-activation <c>z</c> to activation <c>a</c>.</summary>
internal static class OnnxActivations
{
    /// <summary>
    /// True for the activations <see cref="Catalog.Activations"/> lists (the one list of them; <see cref="Emit{T}"/>
    /// writes each); a user-defined activation, even one under a catalog name, has no ONNX operator.
    /// </summary>
    public static bool Exports(Activation activation) =>
        Catalog.Activation(activation.Name).Exists(listed => listed.GetType() == activation.GetType());

    /// <summary>
    /// Adds the nodes for <paramref name="activation"/> of layer <paramref name="k"/> in operator set
    /// <paramref name="opset"/>; identity adds none (z is a).
    /// </summary>
    public static void Emit<T>(OnnxGraph<T> graph, Activation activation, string z, string a, int k, int opset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool single = typeof(T) == typeof(float);
        switch (activation)
        {
            case Identity:
                break;
            case Sigmoid:
                graph.Node("Sigmoid", $"sigmoid_{k}", [z], a);
                break;
            case Tanh:
                graph.Node("Tanh", $"tanh_{k}", [z], a);
                break;
            case Relu:
                graph.Node("Relu", $"relu_{k}", [z], a);
                break;
            case Softmax:
                graph.Node("Softmax", $"softmax_{k}", [z], a, ("axis", 1L));
                break;
            // ONNX's Elu and LeakyRelu take α as a float attribute and ONNX Runtime runs them on float only, so a
            // float64 model spells them out with α as a double constant: exact α, and runnable.
            case LeakyRelu l when single:
                graph.Node("LeakyRelu", $"leaky_relu_{k}", [z], a, ("alpha", (float)l.Alpha));
                break;
            case LeakyRelu l:
                // For 0 ≤ α < 1 (the architecture's rule), max(z, αz) is z for z > 0 and αz otherwise.
                graph.Node("Mul", $"leaky_relu_{k}_scale", [z, graph.Scalar($"leaky_relu_{k}.alpha", l.Alpha)], $"{z}_scaled");
                graph.Node("Max", $"leaky_relu_{k}", [z, $"{z}_scaled"], a);
                break;
            case Elu e when single:
                graph.Node("Elu", $"elu_{k}", [z], a, ("alpha", (float)e.Alpha));
                break;
            case Elu e:
                // Where(z > 0, z, α(e^min(z,0) − 1)): the min keeps the unused branch finite.
                string zero = graph.Scalar($"elu_{k}.zero", 0), one = graph.Scalar($"elu_{k}.one", 1);
                graph.Node("Greater", $"elu_{k}_positive", [z, zero], $"{z}_positive");
                graph.Node("Min", $"elu_{k}_clip", [z, zero], $"{z}_negative");
                graph.Node("Exp", $"elu_{k}_exp", [$"{z}_negative"], $"{z}_exp");
                graph.Node("Sub", $"elu_{k}_expm1", [$"{z}_exp", one], $"{z}_expm1");
                graph.Node("Mul", $"elu_{k}_scale", [$"{z}_expm1", graph.Scalar($"elu_{k}.alpha", e.Alpha)], $"{z}_saturating");
                graph.Node("Where", $"elu_{k}", [$"{z}_positive", z, $"{z}_saturating"], a);
                break;
            case Gelu when !single:
                // x·½erfc(−x/√2) in arithmetic ONNX Runtime runs in float64 (it has no float64 Erf or Gelu), as Gelu.cs computes it.
                string u = $"{z}_gelu_u";
                graph.Node("Mul", $"gelu_{k}_scale", [z, graph.Scalar($"gelu_{k}.minus_one_over_sqrt2", -0.70710678118654752440)], u);
                string erfc = OnnxErfc.Emit(graph, u, $"gelu_{k}_erfc");
                graph.Node("Mul", $"gelu_{k}_cdf", [erfc, graph.Scalar($"gelu_{k}.half", 0.5)], $"{z}_cdf");
                graph.Node("Mul", $"gelu_{k}", [z, $"{z}_cdf"], a);
                break;
            case Gelu when opset >= 20:
                graph.Node("Gelu", $"gelu_{k}", [z], a); // approximate = "none", the default: the exact, erf-based GELU
                break;
            case Gelu:
                // Before opset 20: ½·z·(1 + erf(z/√2)), Gelu-20's own definition.
                graph.Node("Mul", $"gelu_{k}_scale", [z, graph.Scalar($"gelu_{k}.one_over_sqrt2", 0.70710678118654752440)], $"{z}_scaled");
                graph.Node("Erf", $"gelu_{k}_erf", [$"{z}_scaled"], $"{z}_erf");
                graph.Node("Add", $"gelu_{k}_shift", [$"{z}_erf", graph.Scalar($"gelu_{k}.one", 1)], $"{z}_twice_cdf");
                graph.Node("Mul", $"gelu_{k}_weigh", [z, $"{z}_twice_cdf"], $"{z}_twice_gelu");
                graph.Node("Mul", $"gelu_{k}", [$"{z}_twice_gelu", graph.Scalar($"gelu_{k}.half", 0.5)], a);
                break;
            case Silu:
                graph.Node("Sigmoid", $"silu_{k}_sigmoid", [z], $"{z}_sigmoid");
                graph.Node("Mul", $"silu_{k}", [z, $"{z}_sigmoid"], a);
                break;
            case Softplus when single:
                graph.Node("Softplus", $"softplus_{k}", [z], a);
                break;
            case Softplus:
                // ONNX Runtime runs Softplus on float only: max(z, 0) + log(1 + e^−|z|), which never overflows, and z itself
                // above the threshold 20 as the library does.
                string threshold = graph.Scalar($"softplus_{k}.threshold", Softplus.Threshold);
                graph.Node("Greater", $"softplus_{k}_linear", [z, threshold], $"{z}_linear");
                graph.Node("Relu", $"softplus_{k}_positive", [z], $"{z}_positive");
                graph.Node("Abs", $"softplus_{k}_abs", [z], $"{z}_abs");
                graph.Node("Neg", $"softplus_{k}_neg", [$"{z}_abs"], $"{z}_neg_abs");
                graph.Node("Exp", $"softplus_{k}_exp", [$"{z}_neg_abs"], $"{z}_exp");
                graph.Node("Add", $"softplus_{k}_shift", [$"{z}_exp", graph.Scalar($"softplus_{k}.one", 1)], $"{z}_one_plus");
                graph.Node("Log", $"softplus_{k}_log", [$"{z}_one_plus"], $"{z}_log");
                graph.Node("Add", $"softplus_{k}_smooth", [$"{z}_positive", $"{z}_log"], $"{z}_smooth");
                graph.Node("Where", $"softplus_{k}", [$"{z}_linear", z, $"{z}_smooth"], a);
                break;
            default:
                throw new ArgumentException($"no ONNX operator for activation '{activation.Name}'", nameof(activation));
        }
    }
}
