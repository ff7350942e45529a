using System.Collections.Immutable;
using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>
/// Permutation feature importance, scikit-learn's <c>permutation_importance</c>: the score on the data as it is,
/// then for each column the score after shuffling that column's values across the rows, repeated; a feature
/// matters as much as the score drops without it. Works with any score where higher is better (negate a loss).
/// </summary>
/// <param name="Baseline">The score on the unshuffled rows.</param>
/// <param name="Features">One entry per feature column, in column order.</param>
public sealed record PermutationImportance(double Baseline, ImmutableArray<FeatureImportance> Features)
{
    /// <summary>
    /// The importances of every column of <paramref name="features"/> under <paramref name="score"/> (called on
    /// shuffled copies, possibly from several threads at once, so it must not mutate shared state).
    /// Repeat r of column j shuffles with <c>rng.Fork(j).Fork(r)</c>, so the result depends on
    /// <paramref name="rng"/> alone and is the same bits at any <paramref name="parallelism"/>; the draws are not
    /// numpy's, so the drops equal scikit-learn's in distribution rather than digit for digit.
    /// </summary>
    public static PermutationImportance Compute(Matrix<double> features, Func<Matrix<double>, double> score, int repeats, Rng rng,
        Parallelism parallelism = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        double baseline = score(features);
        var results = new FeatureImportance[features.Cols];
        Parallel.For(0, features.Cols, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism.MaxThreads) },
            j => results[j] = Column(features, score, repeats, rng.Fork((ulong)j), j, baseline));
        return new PermutationImportance(baseline, [.. results]);
    }

    private static FeatureImportance Column(Matrix<double> features, Func<Matrix<double>, double> score, int repeats, Rng rng, int column, double baseline)
    {
        int m = features.Rows, n = features.Cols;
        var original = new double[m];
        for (int i = 0; i < m; i++) original[i] = features[i, column];
        var shuffled = features.Span.ToArray();
        var order = new int[m];
        var drops = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            rng.Fork((ulong)r).Permute(order);
            for (int i = 0; i < m; i++) shuffled[i * n + column] = original[order[i]];
            drops[r] = baseline - score(Matrix<double>.Create(m, n, shuffled));
        }
        double mean = drops.Average();
        double variance = drops.Sum(d => (d - mean) * (d - mean)) / repeats;
        return new FeatureImportance(column, mean, Math.Sqrt(variance), [.. drops]);
    }
}
