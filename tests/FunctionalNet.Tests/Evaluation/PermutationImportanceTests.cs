using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Evaluation;

public class PermutationImportanceTests
{
    // Random data, a seed and a repeat count; the score is a fixed linear model's negative squared error, which
    // ignores the last column (weight 0).
    private static readonly Arbitrary<(Matrix<double> X, ulong Seed, int Repeats)> Cases =
        (from m in Gen.Choose(1, 30)
         from n in Gen.Choose(1, 5)
         from values in Gen.ArrayOf(Gen.Choose(-100, 100), m * n)
         from seed in Gen.Choose(0, int.MaxValue)
         from repeats in Gen.Choose(1, 6)
         select (Matrix<double>.Create(m, n, values.Select(v => v / 10.0).ToArray()), (ulong)seed, repeats)).ToArbitrary();

    private static double Score(Matrix<double> x)
    {
        double loss = 0;
        for (int i = 0; i < x.Rows; i++)
        {
            double fit = 0;
            for (int j = 0; j < x.Cols - 1; j++) fit += (j + 1) * x[i, j];
            double target = i % 3 - 1.0;
            loss += (fit - target) * (fit - target);
        }
        return -loss / x.Rows;
    }

    [Property(MaxTest = 100)]
    public Property Equals_a_direct_computation_with_the_same_seed() =>
        Prop.ForAll(Cases, c =>
        {
            var rng = Rng.Create(c.Seed);
            var result = PermutationImportance.Compute(c.X, Score, c.Repeats, rng, new Parallelism(1));
            double baseline = Score(c.X);
            bool same = result.Baseline == baseline;
            for (int j = 0; j < c.X.Cols; j++)
                for (int r = 0; r < c.Repeats; r++)
                {
                    var order = rng.Fork((ulong)j).Fork((ulong)r).Permutation(c.X.Rows);
                    var rows = Enumerable.Range(0, c.X.Rows).Select(i => Enumerable.Range(0, c.X.Cols).Select(k => k == j ? c.X[order[i], k] : c.X[i, k]).ToArray()).ToArray();
                    same &= result.Features[j].Drops[r] == baseline - Score(Matrix<double>.FromRows(rows));
                }
            var last = result.Features[^1];
            return same && last.Mean == 0 && last.StandardDeviation == 0 && result.Features.Length == c.X.Cols
                && result.Features.All(f => f.Mean == f.Drops.Average() && f.StandardDeviation >= 0);
        });

    [Property(MaxTest = 60)]
    public Property A_group_of_columns_is_shuffled_as_one_with_its_groups_seed() =>
        Prop.ForAll(Cases, c =>
        {
            // Groups: the first two columns together (a raw column one-hot encoded into two), then each other column.
            var groups = new List<ImmutableArray<int>> { Enumerable.Range(0, Math.Min(2, c.X.Cols)).ToImmutableArray() };
            groups.AddRange(Enumerable.Range(2, Math.Max(0, c.X.Cols - 2)).Select(j => ImmutableArray.Create(j)));
            var rng = Rng.Create(c.Seed);
            var result = PermutationImportance.Compute(c.X, groups, Score, c.Repeats, rng, new Parallelism(2));
            double baseline = Score(c.X);
            bool same = result.Baseline == baseline && result.Features.Length == groups.Count;
            for (int g = 0; g < groups.Count; g++)
                for (int r = 0; r < c.Repeats; r++)
                {
                    var order = rng.Fork((ulong)g).Fork((ulong)r).Permutation(c.X.Rows);
                    var rows = Enumerable.Range(0, c.X.Rows).Select(i => Enumerable.Range(0, c.X.Cols).Select(k => groups[g].Contains(k) ? c.X[order[i], k] : c.X[i, k]).ToArray()).ToArray();
                    same &= result.Features[g].Column == g && result.Features[g].Drops[r] == baseline - Score(Matrix<double>.FromRows(rows));
                }
            return same;
        });

    [Property(MaxTest = 100)]
    public Property Is_the_same_bits_with_one_and_two_threads() =>
        Prop.ForAll(Cases, c =>
        {
            var one = PermutationImportance.Compute(c.X, Score, c.Repeats, Rng.Create(c.Seed), new Parallelism(1));
            var two = PermutationImportance.Compute(c.X, Score, c.Repeats, Rng.Create(c.Seed), new Parallelism(2));
            return one.Baseline.Equals(two.Baseline)
                && one.Features.Zip(two.Features, (a, b) => a.Column == b.Column && a.Mean.Equals(b.Mean)
                    && a.StandardDeviation.Equals(b.StandardDeviation) && a.Drops.SequenceEqual(b.Drops)).All(x => x);
        });

    [Fact]
    public void A_feature_the_score_depends_on_matters_and_the_standard_deviation_is_numpys()
    {
        var x = Matrix<double>.FromRows([.. Enumerable.Range(0, 40).Select(i => new[] { i / 10.0, (i * 7 % 11) / 10.0 })]);
        // Column 0 fits the target i/10 exactly, so any shuffle of it can only raise the error.
        static double Fit(Matrix<double> x) => -Enumerable.Range(0, x.Rows).Average(i => Math.Pow(x[i, 0] - i / 10.0, 2));
        var result = PermutationImportance.Compute(x, Fit, 10, Rng.Create(7));
        Assert.Equal(0, result.Features[1].Mean);
        Assert.True(result.Features[0].Mean > 0.1, $"expected a clear drop for the used column, found {result.Features[0].Mean}");
        var d = result.Features[0].Drops;
        double mean = d.Average();
        Assert.Equal(Math.Sqrt(d.Select(v => (v - mean) * (v - mean)).Average()), result.Features[0].StandardDeviation, 1e-15);
    }
}
