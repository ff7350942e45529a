using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// A network's parameters in the precision they were trained in, <see cref="F32"/> (float32) or <see cref="F64"/> (float64):
/// a fitted model predicts in its own precision, so storing float32 weights as doubles (or back) never happens.
/// </summary>
public abstract record NetworkWeights
{
    private NetworkWeights() { }

    /// <summary>Single-precision parameters.</summary>
    /// <param name="Parameters">θ in float32.</param>
    public sealed record F32(Parameters<float> Parameters) : NetworkWeights;

    /// <summary>Double-precision parameters.</summary>
    /// <param name="Parameters">θ in float64.</param>
    public sealed record F64(Parameters<double> Parameters) : NetworkWeights;

    /// <summary>The tagged form of <paramref name="parameters"/>; only float and double are stored.</summary>
    public static Either<Error, NetworkWeights> Of<T>(Parameters<T> parameters) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters switch
        {
            Parameters<float> p => new F32(p),
            Parameters<double> p => new F64(p),
            _ => new Error("weights.dtype", $"a model stores float32 or float64 parameters, found {typeof(T).Name}"),
        };
    }

    /// <summary><c>float32</c> or <c>float64</c>, as the model card spells it.</summary>
    public string Dtype => this is F32 ? "float32" : "float64";

    /// <summary>Where each layer's weights and biases sit in the flat vector.</summary>
    public ParameterLayout Layout => this switch
    {
        F32 s => s.Parameters.Layout,
        F64 d => d.Parameters.Layout,
        _ => throw new InvalidOperationException("unknown weights"),
    };

    /// <summary>Output activations for already-scaled rows, computed in the weights' own precision.</summary>
    public Matrix<double> Outputs(Architecture architecture, Matrix<double> scaled) => this switch
    {
        F32 s => Network.Predict(architecture, s.Parameters, scaled.Convert<float>()).Convert<double>(),
        F64 d => Network.Predict(architecture, d.Parameters, scaled),
        _ => throw new InvalidOperationException("unknown weights"),
    };
}
