using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Model;

/// <summary>
/// What a network is — input width, layers, loss and L2 strength — validated once, holding no numbers to learn.
/// The last layer is the output layer; a network with only an output layer is logistic (softmax) regression.
/// </summary>
public sealed class Architecture
{
    private Architecture(int inputs, ImmutableArray<Layer> layers, Loss loss, double lambda)
    {
        Inputs = inputs;
        Layers = layers;
        Loss = loss;
        Lambda = lambda;
        Layout = ParameterLayout.For(inputs, layers);
    }

    /// <summary>Number of input features.</summary>
    public int Inputs { get; }

    /// <summary>Hidden layers followed by the output layer.</summary>
    public ImmutableArray<Layer> Layers { get; }

    /// <summary>The loss the network minimises.</summary>
    public Loss Loss { get; }

    /// <summary>L2 strength λ: the cost adds λ/(2m)·Σw² over weights, never biases.</summary>
    public double Lambda { get; }

    /// <summary>Where each layer's weights and biases sit in the flat parameter vector.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>The output layer.</summary>
    public Layer Output => Layers[^1];

    /// <summary>Number of outputs.</summary>
    public int Outputs => Output.Units;

    /// <summary>
    /// Validates and builds an architecture, collecting every problem at once: non-positive widths, no layers,
    /// a row-wise activation (softmax) on a hidden layer, a loss that does not pair with the output activation,
    /// a negative or non-finite λ, invalid activation or loss parameters (ELU α, leaky ReLU α, Huber δ).
    /// </summary>
    public static Validation<Error, Architecture> Create(int inputs, IEnumerable<Layer> layers, Loss loss, double lambda = 0)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(loss);
        var list = layers.ToImmutableArray();
        var errors = new List<Error>();
        if (inputs <= 0) errors.Add(new Error("architecture.inputs", $"input width must be positive, found {inputs}"));
        if (list.IsEmpty) errors.Add(new Error("architecture.layers", "a network needs at least an output layer, found no layers"));
        for (int k = 0; k < list.Length; k++)
        {
            var layer = list[k];
            string where = k == list.Length - 1 ? "output layer" : $"hidden layer {k + 1}";
            if (layer is null) { errors.Add(new Error("layer.missing", $"{where} is null")); continue; }
            if (layer.Units <= 0) errors.Add(new Error("layer.width", $"{where} must have a positive width, found {layer.Units}"));
            if (layer.Activation is null) { errors.Add(new Error("layer.activation", $"{where} has no activation")); continue; }
            if (layer.Activation.IsRowwise && k < list.Length - 1)
                errors.Add(new Error("layer.rowwise-hidden", $"{where} uses {layer.Activation.Name}, which is allowed on the output layer only"));
            errors.AddRange(ParameterProblems(layer.Activation, where));
        }
        if (!list.IsEmpty && list[^1]?.Activation is { } output && !loss.Pairs(output))
            errors.Add(new Error("loss.pairing", $"loss {loss.Name} does not pair with output activation {output.Name}: {loss.PairingRule}"));
        if (loss is Huber h && !(h.Delta > 0 && double.IsFinite(h.Delta)))
            errors.Add(new Error("loss.delta", $"Huber δ must be finite and > 0, found {h.Delta.ToString(CultureInfo.InvariantCulture)}"));
        // The flat parameter vector is one array: widths whose parameter count passes its limit cannot be laid out.
        if (errors.Count == 0 && ParameterCount(inputs, list) is var count && count > System.Array.MaxLength)
            errors.Add(new Error("architecture.size", $"{inputs}-{string.Join("-", list.Select(l => l.Units))} has {count.ToString(CultureInfo.InvariantCulture)} parameters, more than one array can hold ({System.Array.MaxLength.ToString(CultureInfo.InvariantCulture)})"));
        if (!(lambda >= 0) || double.IsInfinity(lambda))
            errors.Add(new Error("architecture.lambda", $"L2 strength λ must be finite and ≥ 0, found {lambda.ToString(CultureInfo.InvariantCulture)}"));
        return errors.Count == 0
            ? Success<Error, Architecture>(new Architecture(inputs, list, loss, lambda))
            : Validation<Error, Architecture>.Fail(errors.ToSeq());
    }

    /// <summary>
    /// A multi-layer perceptron from its widths (<c>[inputs, hidden…, outputs]</c>), one hidden activation, an
    /// output activation and a loss, e.g. <c>Mlp([2, 5, 5, 2], Sigmoid, Sigmoid, BinaryCrossEntropy)</c>.
    /// </summary>
    public static Validation<Error, Architecture> Mlp(IReadOnlyList<int> sizes, Activation hidden, Activation output, Loss loss, double lambda = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2)
            return Validation<Error, Architecture>.Fail(Seq1(new Error("architecture.sizes", $"sizes need at least an input and an output width, found {sizes.Count} number(s)")));
        var layers = sizes.Skip(1).Select((units, i) => new Layer(units, i == sizes.Count - 2 ? output : hidden));
        return Create(sizes[0], layers, loss, lambda);
    }

    /// <summary>The same architecture with another L2 strength (validated).</summary>
    public Validation<Error, Architecture> WithLambda(double lambda) => Create(Inputs, Layers, Loss, lambda);

    /// <summary>Widths from input to output, e.g. <c>2-5-5-2</c>.</summary>
    public string Shape => string.Join("-", Layers.Select(l => l.Units).Prepend(Inputs));

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Shape} [{string.Join(", ", Layers.Select(l => l.Activation.Name))}] loss {Loss.Name}, λ = {Lambda.ToString(CultureInfo.InvariantCulture)}";

    // Summed in 128 bits: each term (fan-in + 1) × width is below 2^62, and there are fewer than 2^31 terms.
    private static Int128 ParameterCount(int inputs, ImmutableArray<Layer> layers)
    {
        Int128 count = 0;
        long fanIn = inputs;
        foreach (var layer in layers)
        {
            count += (Int128)((fanIn + 1) * layer.Units);
            fanIn = layer.Units;
        }
        return count;
    }

    private static IEnumerable<Error> ParameterProblems(Activation activation, string where)
    {
        switch (activation)
        {
            case Elu e when !(e.Alpha > 0) || double.IsInfinity(e.Alpha):
                yield return new Error("activation.alpha", $"{where}: ELU α must be finite and > 0, found {e.Alpha.ToString(CultureInfo.InvariantCulture)}");
                break;
            case LeakyRelu l when !(l.Alpha >= 0 && l.Alpha < 1):
                yield return new Error("activation.alpha", $"{where}: leaky ReLU α must be in [0, 1), found {l.Alpha.ToString(CultureInfo.InvariantCulture)}");
                break;
        }
    }
}
