using FunctionalNet.Data;
using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>
/// What a data set asks the network to predict for each row: class labels, several binary labels, real values,
/// or nothing (features to predict on). Each kind knows how to become the target matrix of a <see cref="Batch{T}"/>.
/// </summary>
public abstract record Targets
{
    /// <summary>Number of rows.</summary>
    public abstract int Count { get; }

    /// <summary>The targets of the given rows, in that order.</summary>
    public abstract Targets SelectRows(ReadOnlySpan<int> indices);

    /// <summary>
    /// The [m × <paramref name="outputs"/>] matrix the loss compares against; <c>null</c> picks the natural width
    /// (one-hot for classes). Throws <see cref="ArgumentException"/> when the width cannot fit these targets.
    /// </summary>
    public abstract Matrix<double> ToMatrix(int? outputs = null);
}
