using FunctionalNet.Data;
using System.Collections.Immutable;

namespace FunctionalNet;

/// <summary>
/// Seeded k-fold and stratified k-fold cross-validation. Every row is held out exactly once; fold sizes differ
/// by at most one (the first m mod k folds are larger), and in stratified folds so does each class's count.
/// </summary>
public static class CrossValidation
{
    /// <summary>k folds over <paramref name="count"/> rows in a random order.</summary>
    public static ImmutableArray<CrossValidationFold> KFold(int count, int folds, Rng rng)
    {
        CheckFolds(count, folds);
        var order = rng.Permutation(count);
        var assignment = new int[count];
        int start = 0;
        for (int f = 0; f < folds; f++)
        {
            int size = count / folds + (f < count % folds ? 1 : 0);
            for (int i = start; i < start + size; i++) assignment[order[i]] = f;
            start += size;
        }
        return Build(assignment, folds);
    }

    /// <summary>k folds in which each class is spread as evenly as possible: its rows, shuffled, are dealt round the folds.</summary>
    public static ImmutableArray<CrossValidationFold> StratifiedKFold(IReadOnlyList<int> labels, int folds, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CheckFolds(labels.Count, folds);
        var members = Split.Members(labels);
        var assignment = new int[labels.Count];
        int next = 0;
        for (int c = 0; c < members.Length; c++)
        {
            // Dealing continues where the previous class stopped, which keeps the fold totals balanced too.
            var order = rng.Fork((ulong)c).Permutation(members[c].Count);
            foreach (int j in order) assignment[members[c][j]] = next++ % folds;
        }
        return Build(assignment, folds);
    }

    /// <summary>
    /// One score per fold: <paramref name="score"/>(train, test) on each fold's rows, e.g. train a model on the
    /// first and return its accuracy on the second.
    /// </summary>
    public static ImmutableArray<double> Scores(Dataset data, IEnumerable<CrossValidationFold> folds, Func<Dataset, Dataset, double> score)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(score);
        return [.. folds.Select(f => score(data.SelectRows(f.Train.AsSpan()), data.SelectRows(f.Test.AsSpan())))];
    }

    /// <summary>Per-fold scores of k-fold cross-validation, stratified by class when asked (needs class targets).</summary>
    public static ImmutableArray<double> Scores(Dataset data, int folds, Rng rng, Func<Dataset, Dataset, double> score, bool stratify = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Scores(data, stratify ? StratifiedKFold(data.Labels, folds, rng) : KFold(data.Count, folds, rng), score);
    }

    private static ImmutableArray<CrossValidationFold> Build(int[] assignment, int folds) =>
    [
        .. Enumerable.Range(0, folds).Select(f => new CrossValidationFold(f,
            [.. Enumerable.Range(0, assignment.Length).Where(i => assignment[i] != f)],
            [.. Enumerable.Range(0, assignment.Length).Where(i => assignment[i] == f)])),
    ];

    private static void CheckFolds(int count, int folds)
    {
        if (folds < 2 || folds > count)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"expected 2 ≤ folds ≤ {count} rows");
    }
}
