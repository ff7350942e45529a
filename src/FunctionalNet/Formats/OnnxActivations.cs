using System.Numerics;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Formats;

/// <summary>The ONNX nodes computing each built-in activation, from pre-activation <c>z</c> to activation <c>a</c>.</summary>
internal static class OnnxActivations
{
    /// <summary>Adds the nodes for <paramref name="activation"/> of layer <paramref name="k"/>; identity adds none (z is a).</summary>
    public static void Emit<T>(OnnxGraph<T> graph, Activation activation, string z, string a, int k)
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
            default:
                throw new ArgumentException($"no ONNX operator for activation '{activation.Name}'", nameof(activation));
        }
    }
}
