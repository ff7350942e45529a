using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Tests.Data;

/// <summary>Weights as data: a CSV weight column, class weights (scikit-learn's 'balanced'), and weights travelling with their rows.</summary>
public class SampleWeightDataTests
{
    private static Dataset Loaded(string csv, string? weightColumn = "w") =>
        CsvLoader.Parse(csv, "t.csv", CsvOptions.Default with { Label = LabelColumn.Parse("y") }).Match(
            d => weightColumn is null ? d : WeightColumn.Take(d, weightColumn, "t.csv").Match(x => x, e => throw new InvalidOperationException(e.Message)),
            e => throw new InvalidOperationException(e.Head.Message));

    private static Error Refused(string csv, string column) =>
        WeightColumn.Take(CsvLoader.Parse(csv, "t.csv", CsvOptions.Default with { Label = LabelColumn.Parse("y") }).Match(d => d, e => throw new InvalidOperationException(e.Head.Message)),
            column, "t.csv").Match(_ => throw new InvalidOperationException("accepted"), e => e);

    [Fact]
    public void A_weight_column_leaves_the_features_and_becomes_the_weights()
    {
        var data = Loaded("a,w,b,y\n1,0.5,2,x\n3,2,4,z\n5,0,6,x\n");
        Assert.Equal(["a", "b"], data.FeatureNames.ToArray());
        Assert.Equal([1.0, 2, 3, 4, 5, 6], data.Features.Span.ToArray());
        Assert.Equal([0.5, 2, 0], data.Weights.ToArray());
        var batch = data.ToBatch<float>();
        Assert.Equal([0.5f, 2f, 0f], batch.Weights!.Span.ToArray());
        // Case is forgiven, as for the label column.
        Assert.Equal([0.5, 2, 0], Loaded("a,W,b,y\n1,0.5,2,x\n3,2,4,z\n5,0,6,x\n").Weights.ToArray());
    }

    [Theory]
    [InlineData("a,w,y\n1,1,x\n2,-1,z\n", "w", "csv.weight", "t.csv, data row 2, column \"w\": expected a weight ≥ 0, found -1")]
    [InlineData("a,w,y\n1,0,x\n2,0,z\n", "w", "csv.weight", "expected at least one positive weight, found only zeros")]
    [InlineData("a,w,y\n1,1,x\n2,1,z\n", "weight", "csv.weight-column", "t.csv: expected a weight column named \"weight\", found \"a\", \"w\"")]
    [InlineData("w,y\n1,x\n2,z\n", "w", "csv.no-features", "the weight column \"w\" is the only feature column")]
    public void A_bad_weight_column_is_one_error_naming_the_file_row_and_column(string csv, string column, string code, string message)
    {
        var error = Refused(csv, column);
        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_file_drops_the_weight_column_when_it_has_one()
    {
        var test = Loaded("a,w,b,y\n1,0.5,2,x\n3,2,4,z\n", weightColumn: null);
        Assert.Equal(["a", "b"], WeightColumn.Drop(test, "w").FeatureNames.ToArray());
        Assert.True(WeightColumn.Drop(test, "w").Weights.IsDefault);
        Assert.Same(test, WeightColumn.Drop(test, "none"));
    }

    [Fact]
    public void Balanced_class_weights_are_scikit_learns()
    {
        // sklearn.utils.class_weight.compute_class_weight('balanced', classes=[0, 1], y=[0]*267 + [1]*12)
        // = [0.52247191, 11.625]; for y = [0]*5 + [1]*3 + [2]*2: [0.66666667, 1.11111111, 1.66666667] (scikit-learn 1.4).
        var screening = Balanced([.. Enumerable.Repeat(0, 267), .. Enumerable.Repeat(1, 12)], 2);
        Assert.Equal(0.5224719101123596, screening[0], 15);
        Assert.Equal(11.625, screening[1], 15);
        var three = Balanced([0, 0, 0, 0, 0, 1, 1, 1, 2, 2], 3);
        Assert.Equal([2 / 3.0, 10 / 9.0, 5 / 3.0], three.Select(w => Math.Round(w, 14)), new Rounded());
    }

    [Fact]
    public void Explicit_class_weights_name_classes_and_leave_the_others_at_one()
    {
        var targets = new ClassTargets([0, 1, 2, 1], ["cat", "dog", "eel"]);
        var weights = ClassWeights.Explicit(targets, [new("dog", 5), new("eel", 0)]).Match(w => w, e => throw new InvalidOperationException(e.Message));
        Assert.Equal([1.0, 5, 0], weights.ToArray());
        Assert.Equal("class-weight.class", ClassWeights.Explicit(targets, [new("cow", 2)]).Match(_ => "", e => e.Code));
        Assert.Equal("class-weight.value", ClassWeights.Explicit(targets, [new("cat", -1)]).Match(_ => "", e => e.Code));
        Assert.Equal("class-weight.empty", ClassWeights.Balanced(new ClassTargets([0, 0, 2], ["cat", "dog", "eel"])).Match(_ => "", e => e.Code));
    }

    [Property(MaxTest = 100)]
    public Property Class_weights_multiply_sample_weights_and_every_class_carries_the_same_balanced_total() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(2, 5).ToArbitrary(), (seed, k) =>
        {
            var rng = Rng.Create((ulong)seed);
            int m = 3 * k + rng.NextInt(0, 40);
            // Every class has a row; the rest are drawn, skewed toward class 0.
            var labels = Enumerable.Range(0, m).Select(i => i < k ? i : rng.Uniform((ulong)i) < 0.6 ? 0 : rng.Fork(2).NextInt((ulong)i, k)).ToArray();
            var sample = Enumerable.Range(0, m).Select(i => 0.5 + rng.Fork(1).Uniform((ulong)i)).ToImmutableArray();
            var data = Dataset.Classification(Matrix<double>.Zeros(m, 1), labels, null).WithWeights(sample);
            var balanced = ClassWeights.Balanced(data.Classes).Match(w => w, e => throw new InvalidOperationException(e.Message));
            var weighted = ClassWeights.Apply(data, balanced).Match(d => d, e => throw new InvalidOperationException(e.Message));
            bool products = Enumerable.Range(0, m).All(i => weighted.Weights[i] == sample[i] * balanced[labels[i]]);
            // With unit sample weights, n / (k · n_c) gives every class the total n / k.
            var totals = Enumerable.Range(0, k).Select(c => labels.Count(l => l == c) * balanced[c]).ToArray();
            return products.Label("row weight = sample weight × class weight")
                .And(totals.All(t => Math.Abs(t - (double)m / k) <= 1e-12 * m).Label($"class totals {string.Join(", ", totals)} ≠ {m}/{k}"));
        });

    [Fact]
    public void Weights_travel_with_their_rows_through_splits_selections_and_scaling()
    {
        var data = Generators.Moons(Rng.Create(4), 40, 0.1);
        var weighted = data.WithWeights([.. Enumerable.Range(0, 40).Select(i => (double)i)]);
        var (train, test) = Split.TrainTest(weighted, 0.25, Rng.Create(9));
        foreach (var part in new[] { train, test })
            for (int r = 0; r < part.Count; r++)
            {
                // Row j of the whole set had weight j: find it by its features (the moons repeat no point).
                int j = Enumerable.Range(0, 40).Single(i => data.Features.Row(i).SequenceEqual(part.Features.Row(r)));
                Assert.Equal(j, part.Weights[r]);
            }
        Assert.Equal(train.Weights, train.WithFeatures(Matrix<double>.Zeros(train.Count, 2)).Weights);
        Assert.Throws<ArgumentException>(() => data.WithWeights([1.0]));
        Assert.Throws<ArgumentException>(() => data.WithWeights([.. Enumerable.Repeat(-1.0, 40)]));
    }

    private static ImmutableArray<double> Balanced(int[] labels, int k) =>
        ClassWeights.Balanced(new ClassTargets([.. labels], ClassTargets.NumberedClasses(k))).Match(w => w, e => throw new InvalidOperationException(e.Message));

    private sealed class Rounded : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-13;

        public int GetHashCode(double obj) => 0;
    }
}
