using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

public class SplitTests
{
    // Labels with uneven classes: class c has 3 + (c · 7 + seed) mod 11 rows, interleaved.
    private static int[] Labels(ulong seed, int classes)
    {
        var sizes = Enumerable.Range(0, classes).Select(c => 3 + (int)((ulong)(c * 7) + seed) % 11).ToArray();
        return [.. sizes.SelectMany((n, c) => Enumerable.Repeat(c, n)).OrderBy(i => (i * 31 + 7) % 13)];
    }

    [Property(MaxTest = 150)]
    public Property Stratified_split_is_a_partition_with_class_proportions_within_one_row_and_reproducible() =>
        Prop.ForAll<ulong, byte>((seed, b) =>
        {
            var labels = Labels(seed, b % 4 + 2);
            double fraction = 0.1 + (b % 7) / 10.0;
            var (train, test) = Split.StratifiedIndices(labels, fraction, Rng.Create(seed));
            var (train2, test2) = Split.StratifiedIndices(labels, fraction, Rng.Create(seed));
            int m = labels.Length, tests = (int)Math.Ceiling(fraction * m);
            bool partition = train.Concat(test).Order().SequenceEqual(Enumerable.Range(0, m));
            bool proportional = labels.Distinct().All(c =>
            {
                double share = labels.Count(y => y == c) * (double)tests / m;
                int got = test.Count(i => labels[i] == c);
                return got >= Math.Floor(share) && got <= Math.Ceiling(share);
            });
            return partition && proportional && test.Length == tests && train.SequenceEqual(train2) && test.SequenceEqual(test2);
        });

    [Fact]
    public void A_different_seed_gives_a_different_split()
    {
        var labels = Labels(1, 3);
        Assert.NotEqual(Split.StratifiedIndices(labels, 0.3, Rng.Create(1)).Test.ToArray(), Split.StratifiedIndices(labels, 0.3, Rng.Create(2)).Test.ToArray());
    }

    [Fact]
    public void Splitting_the_bundled_digits_keeps_every_class_share()
    {
        var digits = Dataset.FromLabelled(BundledDigits.Train);
        var (train, test) = Split.TrainTest(digits, 0.25, Rng.Create(0));
        int m = digits.Count, tests = (int)Math.Ceiling(0.25 * m);
        Assert.Equal(m, train.Count + test.Count);
        Assert.Equal(tests, test.Count);
        var whole = digits.Classes.ClassCounts();
        var held = test.Classes.ClassCounts();
        for (int c = 0; c < 10; c++) Assert.InRange(held[c], Math.Floor(whole[c] * (double)tests / m), Math.Ceiling(whole[c] * (double)tests / m));
    }

    [Fact]
    public void Plain_split_is_a_reproducible_partition()
    {
        var (train, test) = Split.Indices(10, 0.3, Rng.Create(5));
        Assert.Equal(3, test.Length);
        Assert.Equal(Enumerable.Range(0, 10), train.Concat(test).Order());
        Assert.Equal(test.ToArray(), Split.Indices(10, 0.3, Rng.Create(5)).Test.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Split.Indices(10, 1.0, Rng.Create(5)));
    }

    [Property(MaxTest = 150)]
    public Property Folds_hold_every_row_out_once_with_sizes_within_one() =>
        Prop.ForAll<ulong, byte>((seed, b) =>
        {
            var labels = Labels(seed, b % 3 + 2);
            int k = b % 4 + 2, m = labels.Length;
            return new[] { CrossValidation.KFold(m, k, Rng.Create(seed)), CrossValidation.StratifiedKFold(labels, k, Rng.Create(seed)) }.All(folds =>
                folds.Length == k
                && folds.SelectMany(f => f.Test).Order().SequenceEqual(Enumerable.Range(0, m))
                && folds.All(f => f.Train.Concat(f.Test).Order().SequenceEqual(Enumerable.Range(0, m)))
                && folds.Max(f => f.Test.Length) - folds.Min(f => f.Test.Length) <= 1);
        });

    [Property(MaxTest = 150)]
    public Property Stratified_folds_spread_each_class_within_one_row() =>
        Prop.ForAll<ulong, byte>((seed, b) =>
        {
            var labels = Labels(seed, b % 3 + 2);
            var folds = CrossValidation.StratifiedKFold(labels, b % 3 + 2, Rng.Create(seed));
            var again = CrossValidation.StratifiedKFold(labels, b % 3 + 2, Rng.Create(seed));
            return labels.Distinct().All(c =>
            {
                var perFold = folds.Select(f => f.Test.Count(i => labels[i] == c)).ToArray();
                return perFold.Max() - perFold.Min() <= 1;
            }) && folds.Zip(again).All(p => p.Item1.Test.SequenceEqual(p.Item2.Test));
        });

    [Fact]
    public void Cross_validation_returns_one_score_per_fold()
    {
        var d = Generators.Blobs(Rng.Create(3), 60, 2);
        var scores = CrossValidation.Scores(d, 5, Rng.Create(4), (train, test) => train.Count + test.Count / 100.0);
        Assert.Equal([48.12, 48.12, 48.12, 48.12, 48.12], scores.ToArray());
    }
}
