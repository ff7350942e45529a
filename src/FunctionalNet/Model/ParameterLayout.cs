using System.Collections.Immutable;

namespace FunctionalNet.Model;

/// <summary>Where one layer's parameters sit in the flat vector: weights [out × in] row-major, then biases [out].</summary>
/// <param name="Inputs">Fan-in (width of the previous layer).</param>
/// <param name="Outputs">Fan-out (this layer's width).</param>
/// <param name="WeightOffset">Index of W[0, 0] in the flat vector.</param>
/// <param name="BiasOffset">Index of b[0] in the flat vector.</param>
public readonly record struct LayerSlot(int Inputs, int Outputs, int WeightOffset, int BiasOffset)
{
    /// <summary>Number of weights, Outputs × Inputs.</summary>
    public int WeightCount => Inputs * Outputs;
}

/// <summary>
/// The layout of the flat parameter vector: for each layer, its weight matrix in PyTorch's <c>nn.Linear</c>
/// orientation [out × in], row-major, followed by its bias vector. One buffer, so minimizers see a plain vector.
/// </summary>
public sealed class ParameterLayout
{
    private ParameterLayout(ImmutableArray<LayerSlot> slots, int count)
    {
        Slots = slots;
        Count = count;
    }

    /// <summary>One slot per layer, input side first.</summary>
    public ImmutableArray<LayerSlot> Slots { get; }

    /// <summary>Total number of parameters.</summary>
    public int Count { get; }

    /// <summary>The layout for a network with <paramref name="inputs"/> inputs and the given layers.</summary>
    public static ParameterLayout For(int inputs, IReadOnlyList<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var slots = ImmutableArray.CreateBuilder<LayerSlot>(layers.Count);
        int offset = 0, fanIn = inputs;
        foreach (var layer in layers)
        {
            var slot = new LayerSlot(fanIn, layer.Units, offset, checked(offset + fanIn * layer.Units));
            slots.Add(slot);
            offset = checked(slot.BiasOffset + layer.Units);
            fanIn = layer.Units;
        }
        return new ParameterLayout(slots.MoveToImmutable(), offset);
    }

    /// <summary>True when <paramref name="index"/> in the flat vector is a bias (L2 skips biases).</summary>
    public bool IsBias(int index) => Slots.Any(s => index >= s.BiasOffset && index < s.BiasOffset + s.Outputs);
}
