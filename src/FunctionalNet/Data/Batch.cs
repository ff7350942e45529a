using System.Numerics;
using FunctionalNet.Tensors;

namespace FunctionalNet.Data;

/// <summary>Inputs, targets and optional per-sample weights of the same number of rows, ready for the network's cost and gradient.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// With weights w the data term of the cost is the weighted mean Σ wᵢ ℓᵢ / Σ wᵢ (PyTorch's <c>reduction='mean'</c> with
/// <c>weight=</c>), so all-ones weights give the unweighted cost bit for bit and multiplying every weight by a constant
/// changes nothing; the L2 term stays λ/(2m) Σ w² over the m rows. See <see cref="Calculus.Network.Cost{T}"/>.
/// </remarks>
public sealed record Batch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A batch; throws when the row counts differ, since that is a programming error.</summary>
    public Batch(Matrix<T> features, Matrix<T> targets) : this(features, targets, null)
    {
    }

    /// <summary>
    /// A batch with per-sample weights ([m × 1], each finite and ≥ 0, or null for none); throws when the shapes differ
    /// or a weight is negative or not finite, since data loaders check weights before they make batches.
    /// </summary>
    public Batch(Matrix<T> features, Matrix<T> targets, Matrix<T>? weights)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rows != targets.Rows)
            throw new ArgumentException($"features have {features.Rows} rows but targets have {targets.Rows}", nameof(targets));
        if (weights is not null)
        {
            if (weights.Rows != features.Rows || weights.Cols != 1)
                throw new ArgumentException($"weights must be [{features.Rows} × 1], found [{weights.Rows} × {weights.Cols}]", nameof(weights));
            foreach (var w in weights.Span)
                if (!T.IsFinite(w) || w < T.Zero) throw new ArgumentException($"weights must be finite and ≥ 0, found {w}", nameof(weights));
        }
        Features = features;
        Targets = targets;
        Weights = weights;
    }

    /// <summary>Inputs, [m × inputs].</summary>
    public Matrix<T> Features { get; }

    /// <summary>Targets, [m × outputs] (one-hot rows for classification).</summary>
    public Matrix<T> Targets { get; }

    /// <summary>Per-sample weights, [m × 1]; null when every sample counts alike (the unweighted cost, computed without them).</summary>
    public Matrix<T>? Weights { get; }

    /// <summary>The weights as a span: empty when there are none.</summary>
    internal ReadOnlySpan<T> WeightSpan => Weights is null ? default : Weights.Span;

    /// <summary>Number of samples m.</summary>
    public int Count => Features.Rows;
}
