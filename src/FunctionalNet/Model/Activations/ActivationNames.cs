namespace FunctionalNet.Model.Activations;

/// <summary>Reads activation names as written on the command line and in model cards.</summary>
internal static class ActivationNames
{
    /// <summary>The built-in activation called <paramref name="text"/>, or null when there is none.</summary>
    public static Activation? Parse(string text)
    {
        if (!ParameterisedName.TrySplit(text, out var head, out var arg)) return null;
        return head switch
        {
            "identity" or "linear" when arg is null => Activation.Identity,
            "sigmoid" or "logistic" when arg is null => Activation.Sigmoid,
            "tanh" when arg is null => Activation.Tanh,
            "relu" when arg is null => Activation.Relu,
            "softmax" when arg is null => Activation.Softmax,
            "gelu" when arg is null => Activation.Gelu,
            "silu" or "swish" when arg is null => Activation.Silu,
            "softplus" when arg is null => Activation.Softplus,
            "leaky-relu" or "leakyrelu" or "leaky_relu" => Activation.LeakyRelu(arg ?? 0.01),
            "elu" => Activation.Elu(arg ?? 1.0),
            _ => null,
        };
    }
}
