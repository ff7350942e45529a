using FunctionalNet.Model.Activations;

namespace FunctionalNet.Tests.Support;

/// <summary>Every hidden activation (built-in and one user-defined) × every loss, for the calculus properties.</summary>
public static class ActivationLossPairs
{
    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var hidden in new[] { "identity", "sigmoid", "tanh", "relu", "leaky-relu(0.1)", "elu(2)", "softplus" })
            foreach (var loss in new[] { "bce", "ce", "mse" })
                data.Add(hidden, loss);
        return data;
    }

    /// <summary>The activation called <paramref name="name"/>; <c>softplus</c> is a custom one, to show user-defined activations are checked too.</summary>
    public static Activation Resolve(string name) => name == "softplus" ? Softplus : Activation.Parse(name)!;

    private static readonly Activation Softplus = Activation.Custom("softplus",
        z => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))),
        (z, _) => 1 / (1 + Math.Exp(-z)),
        (z, _) => Math.Exp(-Math.Abs(z)) / Math.Pow(1 + Math.Exp(-Math.Abs(z)), 2));
}
