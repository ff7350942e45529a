using FsCheck.Fluent;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Model;

public class InitializerTests
{
    private static readonly Architecture Arch = Architecture.Mlp([64, 100, 10], Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy)
        .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));

    public static TheoryData<string> Schemes() => ["epsilon", "uniform", "xavier", "scaled-normal", "he", "uniform(0.12)"];

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Same_seed_gives_bit_identical_parameters(string scheme) =>
        Properties.Check(Prop.ForAll<ulong>(seed =>
        {
            var init = Initializer.Parse(scheme)!;
            var a = init.Initialize<double>(Arch, Rng.Create(seed));
            var b = init.Initialize<double>(Arch, Rng.Create(seed));
            var other = init.Initialize<double>(Arch, Rng.Create(seed + 1));
            return a.Flat.SequenceEqual(b.Flat) && !a.Flat.SequenceEqual(other.Flat);
        }), cases: 50);

    [Theory]
    [InlineData("epsilon", true)]
    [InlineData("uniform", true)]
    [InlineData("xavier", false)]
    [InlineData("scaled-normal", false)]
    [InlineData("he", false)]
    public void Uniform_schemes_stay_in_range_and_biases_follow_the_scheme(string scheme, bool drawsBiases)
    {
        var init = Initializer.Parse(scheme)!;
        var p = init.Initialize<double>(Arch, Rng.Create(3));
        for (int k = 0; k < Arch.Layers.Length; k++)
        {
            var s = Arch.Layout.Slots[k];
            double scale = init.Scale(s.Inputs, s.Outputs);
            if (init.Distribution == Distribution.Uniform)
                Assert.All(p.Weights(k).ToArray(), w => Assert.InRange(w, -scale, scale));
            else
            {
                // 6400 normal draws: the sample standard deviation is within 5 % of the scheme's.
                var w = p.Weights(k).ToArray();
                double sd = Math.Sqrt(w.Select(v => v * v).Average());
                if (w.Length > 1000) Assert.InRange(sd, 0.95 * scale, 1.05 * scale);
            }
            Assert.Equal(drawsBiases, p.Bias(k).ToArray().Any(b => b != 0));
        }
    }

    [Fact]
    public void Epsilon_scheme_uses_sqrt6_over_sqrt_fan_sum() =>
        Assert.Equal(Math.Sqrt(6) / Math.Sqrt(64 + 100), Initializer.UniformEpsilon.Scale(64, 100), 15);

    [Fact]
    public void Float_and_double_parameters_come_from_the_same_draws()
    {
        var d = Initializer.Xavier.Initialize<double>(Arch, Rng.Create(5));
        var f = Initializer.Xavier.Initialize<float>(Arch, Rng.Create(5));
        for (int i = 0; i < d.Count; i++) Assert.Equal((float)d.Flat[i], f.Flat[i]);
    }
}
