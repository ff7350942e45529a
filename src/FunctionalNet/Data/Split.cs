using FunctionalNet.Data;
using System.Collections.Immutable;

namespace FunctionalNet;

/// <summary>
/// Seeded train/test splits. The test set has ⌈fraction · m⌉ rows (scikit-learn's rule); stratified splits give
/// each class its share of the test rows by largest remainders, so class proportions match to within one row.
/// </summary>
public static class Split
{
    /// <summary>Row indices of a random split of <paramref name="count"/> rows, each part in random order.</summary>
    public static (ImmutableArray<int> Train, ImmutableArray<int> Test) Indices(int count, double testFraction, Rng rng)
    {
        int tests = TestCount(count, testFraction);
        var order = rng.Permutation(count);
        return ([.. order.AsSpan(tests)], [.. order.AsSpan(0, tests)]);
    }

    /// <summary>Row indices of a stratified random split: class c contributes round(share) of its rows to the test set.</summary>
    public static (ImmutableArray<int> Train, ImmutableArray<int> Test) StratifiedIndices(IReadOnlyList<int> labels, double testFraction, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int m = labels.Count, tests = TestCount(m, testFraction);
        var members = Members(labels);
        var quota = Apportion(members.Select(c => c.Count).ToArray(), tests, m);
        var train = new List<int>(m - tests);
        var test = new List<int>(tests);
        for (int c = 0; c < members.Length; c++)
        {
            var order = rng.Fork((ulong)c + 1).Permutation(members[c].Count);
            for (int j = 0; j < order.Length; j++) (j < quota[c] ? test : train).Add(members[c][order[j]]);
        }
        // Rows were gathered class by class; shuffle so neither part is sorted by class.
        var (left, right) = rng.Fork(0).Split();
        return (Shuffle(train, left), Shuffle(test, right));
    }

    /// <summary>Splits a data set; stratified by class when asked (which needs class targets).</summary>
    public static (Dataset Train, Dataset Test) TrainTest(Dataset data, double testFraction, Rng rng, bool stratify = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (train, test) = stratify ? StratifiedIndices(data.Labels, testFraction, rng) : Indices(data.Count, testFraction, rng);
        return (data.SelectRows(train.AsSpan()), data.SelectRows(test.AsSpan()));
    }

    /// <summary>The rows of each class 0…max label, in row order.</summary>
    internal static List<int>[] Members(IReadOnlyList<int> labels)
    {
        int classes = 0;
        foreach (int y in labels)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(y, nameof(labels));
            classes = Math.Max(classes, y + 1);
        }
        var members = Enumerable.Range(0, classes).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < labels.Count; i++) members[labels[i]].Add(i);
        return members;
    }

    // Largest-remainder apportionment of `total` among classes in proportion to their sizes; ties go to the lower class.
    private static int[] Apportion(int[] sizes, int total, int m)
    {
        var quota = new int[sizes.Length];
        var remainders = new (double Remainder, int Class)[sizes.Length];
        int given = 0;
        for (int c = 0; c < sizes.Length; c++)
        {
            double exact = (double)sizes[c] * total / m;
            quota[c] = (int)Math.Floor(exact);
            given += quota[c];
            remainders[c] = (exact - quota[c], c);
        }
        foreach (var (_, c) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Class).Take(total - given)) quota[c]++;
        return quota;
    }

    private static ImmutableArray<int> Shuffle(List<int> rows, Rng rng)
    {
        var order = rng.Permutation(rows.Count);
        var result = new int[rows.Count];
        for (int i = 0; i < result.Length; i++) result[i] = rows[order[i]];
        return [.. result];
    }

    private static int TestCount(int count, double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "the test fraction must be in (0, 1)");
        int tests = (int)Math.Ceiling(testFraction * count);
        if (tests < 1 || tests >= count)
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"a fraction {testFraction} of {count} rows leaves an empty train or test set");
        return tests;
    }
}
