using System.Numerics;

namespace FunctionalNet.Data;

/// <summary>
/// Training rows the engine reads one mini-batch at a time, so the set need not be in memory (a row cache read by
/// position is one source, an in-memory <see cref="Batch{T}"/> another). Features come out as the network sees them (scaled).
/// Implementations must be deterministic: the same draws give the same order, the same rows the same values.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of rows m.</summary>
    int Count { get; }

    /// <summary>Features per row.</summary>
    int Inputs { get; }

    /// <summary>Target values per row (one-hot width for classification).</summary>
    int Outputs { get; }

    /// <summary>Writes the order one epoch visits the rows in (a permutation of 0…m−1, <paramref name="order"/> has length m).</summary>
    void Order(Rng draws, Span<int> order);

    /// <summary>Copies rows <paramref name="rows"/> into <paramref name="features"/> [rows × Inputs] and <paramref name="targets"/> [rows × Outputs].</summary>
    void Gather(ReadOnlySpan<int> rows, Span<T> features, Span<T> targets);

    /// <summary>Whether the rows carry sample weights (see <see cref="Batch{T}.Weights"/>); none unless a source says so.</summary>
    bool Weighted => false;

    /// <summary>
    /// As <see cref="Gather(ReadOnlySpan{int}, Span{T}, Span{T})"/>, and with <see cref="Weighted"/> each row's sample
    /// weight into <paramref name="weights"/> (empty when the source has none).
    /// </summary>
    void Gather(ReadOnlySpan<int> rows, Span<T> features, Span<T> targets, Span<T> weights) => Gather(rows, features, targets);
}
