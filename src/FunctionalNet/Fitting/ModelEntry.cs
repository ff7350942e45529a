using System.Collections.Immutable;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet;

/// <summary>Where a catalog activation may sit.</summary>
public enum Placement
{
    /// <summary>Hidden layers and the output.</summary>
    Anywhere,

    /// <summary>The output layer only (row-wise activations such as softmax).</summary>
    OutputOnly,
}

/// <summary>
/// An activation, loss or initializer in the catalog: name, help and parameters. Its value is built by the model's own
/// parser from the spelling <c>name</c> or <c>name(p)</c> (<see cref="Catalog.Activation"/>, <see cref="Catalog.Loss"/>,
/// <see cref="Catalog.Initializer"/>), the same parser that reads model cards.
/// </summary>
/// <param name="Name">The spelling options and cards use.</param>
/// <param name="Help">One line.</param>
/// <param name="Parameters">At most one, written in parentheses after the name.</param>
/// <param name="Placement">For activations: where it may be used.</param>
public sealed record ModelEntry(string Name, string Help, ImmutableArray<HyperParameter> Parameters, Placement Placement = Placement.Anywhere)
    : CatalogEntry(Name, Help, Parameters);
