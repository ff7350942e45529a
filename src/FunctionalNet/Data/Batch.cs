using System.Numerics;
using FunctionalNet.Tensors;

namespace FunctionalNet.Data;

/// <summary>Inputs and targets of the same number of rows, ready for the network's cost and gradient.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed record Batch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A batch; throws when the row counts differ, since that is a programming error.</summary>
    public Batch(Matrix<T> features, Matrix<T> targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rows != targets.Rows)
            throw new ArgumentException($"features have {features.Rows} rows but targets have {targets.Rows}", nameof(targets));
        Features = features;
        Targets = targets;
    }

    /// <summary>Inputs, [m × inputs].</summary>
    public Matrix<T> Features { get; }

    /// <summary>Targets, [m × outputs] (one-hot rows for classification).</summary>
    public Matrix<T> Targets { get; }

    /// <summary>Number of samples m.</summary>
    public int Count => Features.Rows;
}
