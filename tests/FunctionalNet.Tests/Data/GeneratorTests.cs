using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

public class GeneratorTests
{
    private static readonly Func<Rng, int, Dataset>[] TwoClass =
    [
        (rng, n) => Generators.Moons(rng, n, 0.1),
        (rng, n) => Generators.Circles(rng, n, 0.1, 0.5),
    ];

    [Property(MaxTest = 100)]
    public Property Moons_and_circles_are_reproducible_from_the_seed_and_split_n_into_floor_half_and_the_rest() =>
        Prop.ForAll<ulong, byte>((seed, b) =>
        {
            int n = b + 2;
            return TwoClass.All(generate =>
            {
                var a = generate(Rng.Create(seed), n);
                var again = generate(Rng.Create(seed), n);
                var counts = a.Classes.ClassCounts();
                return a.Features.Span.SequenceEqual(again.Features.Span) && a.Labels.SequenceEqual(again.Labels)
                    && a.Count == n && a.FeatureCount == 2 && counts.SequenceEqual([n / 2, n - n / 2]);
            });
        });

    [Fact]
    public void A_different_seed_gives_different_points()
    {
        var a = Generators.Moons(Rng.Create(1), 100, 0.1);
        var b = Generators.Moons(Rng.Create(2), 100, 0.1);
        Assert.False(a.Features.Span.SequenceEqual(b.Features.Span));
    }

    [Fact]
    public void Noiseless_moons_lie_on_their_half_circles()
    {
        // Class 0: the upper unit half circle; class 1: the lower one centred at (1, 0.5) (sklearn's make_moons).
        var d = Generators.Moons(Rng.Create(3), 201);
        for (int i = 0; i < d.Count; i++)
        {
            double x = d.Features[i, 0], y = d.Features[i, 1];
            if (d.Labels[i] == 0) { Assert.Equal(1.0, x * x + y * y, 12); Assert.True(y >= -1e-12); }
            else { Assert.Equal(1.0, (x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 12); Assert.True(y <= 0.5 + 1e-12); }
        }
    }

    [Theory]
    // /usr/bin/python3, scikit-learn 1.2.1, points rounded to 12 decimals:
    //   make_moons(7, shuffle=False, noise=0); make_circles(7, shuffle=False, noise=0, factor=0.5)
    [InlineData("moons", "1,0,0 0,1,0 -1,0,0 0,0.5,1 0.5,-0.366025403784,1 1.5,-0.366025403784,1 2,0.5,1")]
    [InlineData("circles", "1,0,0 -0.5,0.866025403784,0 -0.5,-0.866025403784,0 0.5,0,1 0,0.5,1 -0.5,0,1 0,-0.5,1")]
    public void Noiseless_points_are_scikit_learns_up_to_order(string name, string expected)
    {
        var d = name == "moons" ? Generators.Moons(Rng.Create(9), 7) : Generators.Circles(Rng.Create(9), 7, 0, 0.5);
        static string Key(double x, double y, int label) =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Round(x, 12) + 0.0},{Math.Round(y, 12) + 0.0},{label}");
        var points = Enumerable.Range(0, d.Count).Select(i => Key(d.Features[i, 0], d.Features[i, 1], d.Labels[i])).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), points);
    }

    [Fact]
    public void Noiseless_circles_have_radius_one_and_factor()
    {
        var d = Generators.Circles(Rng.Create(4), 100, 0, factor: 0.3);
        for (int i = 0; i < d.Count; i++)
            Assert.Equal(d.Labels[i] == 0 ? 1.0 : 0.3, Math.Sqrt(d.Features[i, 0] * d.Features[i, 0] + d.Features[i, 1] * d.Features[i, 1]), 12);
    }

    [Property(MaxTest = 100)]
    public Property Blobs_spirals_and_noisy_xor_have_balanced_classes_and_are_reproducible() =>
        Prop.ForAll<ulong, byte, byte>((seed, b, c) =>
        {
            int k = c % 4 + 2, n = b + k + 4;
            var makers = new (Func<Dataset> Make, int Classes, int Features, bool Exact)[]
            {
                (() => Generators.Blobs(Rng.Create(seed), n, k, features: 3), k, 3, true),
                (() => Generators.Spirals(Rng.Create(seed), n, k), k, 2, true),
                (() => Generators.NoisyXor(Rng.Create(seed), n), 2, 2, false),
            };
            return makers.All(g =>
            {
                var a = g.Make();
                var counts = a.Classes.ClassCounts();
                // Blobs and spiral arms get n/k rows each, the first n mod k one more; XOR corners alternate.
                bool balanced = g.Exact
                    ? counts.Select((count, j) => count == n / k + (j < n % k ? 1 : 0)).All(ok => ok)
                    : counts.Max() - counts.Min() <= 1;
                return a.Count == n && a.FeatureCount == g.Features && counts.Length == g.Classes && balanced
                    && a.Features.Span.SequenceEqual(g.Make().Features.Span);
            });
        });

    [Fact]
    public void Blobs_gather_around_their_centres()
    {
        var centres = FunctionalNet.Matrix<double>.FromRows([[0.0, 0.0], [10.0, 10.0]]);
        var d = Generators.Blobs(Rng.Create(5), 2000, centres, spread: 0.5);
        for (int c = 0; c < 2; c++)
        {
            var rows = Enumerable.Range(0, d.Count).Where(i => d.Labels[i] == c).ToArray();
            // 1000 points with sd 0.5: the mean's standard error is 0.016, so 0.08 is five sigma.
            Assert.InRange(rows.Average(i => d.Features[i, 0]) - centres[c, 0], -0.08, 0.08);
            Assert.InRange(Math.Sqrt(rows.Average(i => Math.Pow(d.Features[i, 1] - centres[c, 1], 2))), 0.45, 0.55);
        }
    }

    [Fact]
    public void Xor_is_the_four_points()
    {
        var d = Generators.Xor();
        Assert.Equal([0.0, 0, 0, 1, 1, 0, 1, 1], d.Features.Span.ToArray());
        Assert.Equal([0, 1, 1, 0], d.Labels.ToArray());
    }

    [Theory]
    [InlineData("moons")]
    [InlineData("circles")]
    [InlineData("blobs")]
    [InlineData("xor")]
    [InlineData("noisy-xor")]
    [InlineData("SPIRALS")]
    public void Every_generator_is_available_by_name(string name)
    {
        var d = Generators.ByName(name, Rng.Create(6), 60, 0.1).Match(x => x, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal(name == "xor" ? 4 : 60, d.Count);
    }

    [Theory]
    [InlineData("swirls", 100, 0.1, "generator.name")]
    [InlineData("moons", 1, 0.1, "generator.samples")]
    [InlineData("moons", 100, -1, "generator.noise")]
    [InlineData("spirals", 100, 0.1, "generator.classes", 1)]
    public void Bad_generator_requests_are_errors(string name, int samples, double noise, string code, int classes = 3) =>
        Assert.Equal(code, Generators.ByName(name, Rng.Create(0), samples, noise, classes).Match(_ => "", e => e.Head.Code));
}
