using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Tests.Model;

/// <summary>Tutorial 000's initialisation as its code draws it: <c>(np.random.rand(out, in + 1) − 0.5)·√6/√(in+out+1)</c>.</summary>
public class TutorialInitializerTests
{
    private static readonly Architecture Moons = Architecture.Mlp([2, 5, 5, 2], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy)
        .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));

    [Fact]
    public void It_is_named_and_half_as_wide_as_the_texts_epsilon()
    {
        Assert.Same(Initializer.TutorialEpsilon, Initializer.Parse("epsilon-tutorial"));
        // numpy: rand − 0.5 lies in [−0.5, 0.5), times √6/√(2+5+1) = 0.8660…: half-width 0.4330…
        Assert.Equal(0.5 * Math.Sqrt(6) / Math.Sqrt(8), Initializer.TutorialEpsilon.Scale(2, 5), 15);
        Assert.Equal(Initializer.UniformEpsilon.Scale(5, 5) / 2 * Math.Sqrt(10.0 / 11), Initializer.TutorialEpsilon.Scale(5, 5), 15);
    }

    [Property(MaxTest = 30)]
    public Property Weights_and_biases_fill_the_tutorials_range() => Prop.ForAll<ulong>(s =>
    {
        var p = Initializer.TutorialEpsilon.Initialize<double>(Moons, Rng.Create(s));
        return Enumerable.Range(0, Moons.Layers.Length).All(k =>
        {
            var slot = Moons.Layout.Slots[k];
            double half = Math.Sqrt(6) / Math.Sqrt(slot.Inputs + slot.Outputs + 1) / 2;
            double[] drawn = [.. p.Weights(k).ToArray(), .. p.Bias(k).ToArray()];
            // Every number inside ±half, and (like the tutorial's Θ with its bias column) none of them zero.
            return drawn.All(v => Math.Abs(v) <= half && v != 0);
        });
    });
}
