namespace FunctionalNet.IO;

/// <summary>What a cache written from a stream of <see cref="RowBlock"/>s holds besides its rows.</summary>
/// <param name="FeatureNames">One name per feature column (empty strings for a source without names).</param>
/// <param name="ClassNames">The class names; label i is class i. With <paramref name="Regression"/>, the target columns' names.</param>
/// <param name="SinglePrecision">Features stored as float32 (else float64).</param>
/// <param name="Weighted">Whether every block carries one sample weight per row.</param>
/// <param name="ChunkRows">Rows per chunk: the unit training shuffles and reads at once.</param>
/// <param name="Regression">Whether the blocks carry real-valued targets (<see cref="RowBlock.Values"/>) instead of class labels.</param>
public sealed record RowCacheShape(IReadOnlyList<string> FeatureNames, IReadOnlyList<string> ClassNames, bool SinglePrecision = true,
    bool Weighted = false, int ChunkRows = RowCache.DefaultChunkRows, bool Regression = false);
