namespace FunctionalNet.IO;

/// <summary>
/// One block of rows on its way into a cache (<see cref="RowCache.Write(string, RowCacheShape, IEnumerable{RowBlock}, CancellationToken)"/>):
/// features row-major in the cache's precision as little-endian bytes, their class labels (or, for a regression cache,
/// their target values), and their sample weights (empty for a cache without weights).
/// </summary>
/// <param name="Features">rows × features values of the cache's value size.</param>
/// <param name="Labels">One class label (0…classes−1) per row; empty for a regression cache.</param>
/// <param name="Weights">One finite weight ≥ 0 per row for a weighted cache, else empty.</param>
/// <param name="Values">A regression cache's targets, rows × target columns row-major (finite); empty for class labels.</param>
public readonly record struct RowBlock(ReadOnlyMemory<byte> Features, ReadOnlyMemory<int> Labels, ReadOnlyMemory<double> Weights = default,
    ReadOnlyMemory<double> Values = default);
