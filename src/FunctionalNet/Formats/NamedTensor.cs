using System.Collections.Immutable;

namespace FunctionalNet.Formats;

/// <summary>
/// One tensor of a safetensors file: its name, stored element type, shape and values in row-major order.
/// Values are held as doubles whatever the dtype; float32 → double → float32 is exact, so nothing is lost.
/// </summary>
/// <param name="Name">Key in the header, e.g. <c>layers.0.weight</c>.</param>
/// <param name="Dtype">How the values are stored on disk.</param>
/// <param name="Shape">Dimensions; the product equals the number of values (an empty shape is a scalar).</param>
/// <param name="Values">Row-major values.</param>
public sealed record NamedTensor(string Name, TensorDtype Dtype, ImmutableArray<long> Shape, ImmutableArray<double> Values)
{
    /// <summary>Number of elements the shape describes.</summary>
    public long ElementCount => Shape.Aggregate(1L, (p, d) => checked(p * d));
}
