using System.Collections.Immutable;

namespace FunctionalNet.Data.Loading;

/// <summary>An n-dimensional array of unsigned bytes read from an IDX file (the MNIST format), row-major.</summary>
/// <param name="Dimensions">Sizes from the header, outermost first (60000, 28, 28 for MNIST's training images).</param>
/// <param name="Data">The values, row-major; as many as the product of the dimensions.</param>
public sealed record IdxArray(ImmutableArray<int> Dimensions, ImmutableArray<byte> Data)
{
    /// <summary>Number of items (the first dimension).</summary>
    public int Count => Dimensions[0];

    /// <summary>Values per item: the product of the remaining dimensions (784 for 28×28 images, 1 for labels).</summary>
    public int ItemSize => Dimensions.Skip(1).Aggregate(1, (a, b) => a * b);
}
