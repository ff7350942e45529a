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
        return Compute(features, [.. Enumerable.Range(0, features.Cols).Select(j => ImmutableArray.Create(j))], score, repeats, rng, parallelism);
    }

    /// <summary>
    /// The importances of groups of columns, each group's columns shuffled together (the same row order for all of
    /// them): a raw table column one-hot encoded into several features is shuffled as that one column, as
    /// scikit-learn's <c>permutation_importance</c> on a pipeline shuffles the raw column. Entry g is group g
    /// (<see cref="FeatureImportance.Column"/> is g), shuffled with <c>rng.Fork(g).Fork(r)</c>: one column a group
    /// gives the bits of <see cref="Compute(Matrix{double}, Func{Matrix{double}, double}, int, Rng, Parallelism)"/>.
    /// </summary>
    public static PermutationImportance Compute(Matrix<double> features, IReadOnlyList<ImmutableArray<int>> groups, Func<Matrix<double>, double> score,
        int repeats, Rng rng, Parallelism parallelism = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        if (groups.SelectMany(g => g).FirstOrDefault(j => j < 0 || j >= features.Cols, -1) is var outside && outside >= 0)
            throw new ArgumentOutOfRangeException(nameof(groups), $"column {outside} is outside the {features.Cols} feature columns");
        double baseline = score(features);
        var results = new FeatureImportance[groups.Count];
        Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism.MaxThreads) },
            g => results[g] = Group(features, score, repeats, rng.Fork((ulong)g), g, groups[g], baseline));
        return new PermutationImportance(baseline, [.. results]);
    }

    private static FeatureImportance Group(Matrix<double> features, Func<Matrix<double>, double> score, int repeats, Rng rng, int group,
        ImmutableArray<int> columns, double baseline)
    {
        int m = features.Rows, n = features.Cols, k = columns.Length;
        var original = new double[m * k];
        for (int i = 0; i < m; i++)
            for (int c = 0; c < k; c++) original[i * k + c] = features[i, columns[c]];
        var shuffled = features.Span.ToArray();
        var order = new int[m];
        var drops = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            rng.Fork((ulong)r).Permute(order);
            for (int i = 0; i < m; i++)
                for (int c = 0; c < k; c++) shuffled[i * n + columns[c]] = original[order[i] * k + c];
            drops[r] = baseline - score(Matrix<double>.Create(m, n, shuffled));
        }
        double mean = drops.Average();
        double variance = drops.Sum(d => (d - mean) * (d - mean)) / repeats;
        return new FeatureImportance(group, mean, Math.Sqrt(variance), [.. drops]);
    }
}
