using FunctionalNet.Model.Activations;

namespace FunctionalNet.Model;

/// <summary>A fully connected layer: <paramref name="Units"/> neurons, each with a bias, followed by an activation.</summary>
/// <param name="Units">Number of neurons (the layer's width).</param>
/// <param name="Activation">The non-linearity applied to the layer's pre-activations.</param>
public sealed record Layer(int Units, Activation Activation);
