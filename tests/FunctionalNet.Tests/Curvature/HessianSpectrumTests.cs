using System.Collections.Immutable;
using FunctionalNet.Curvature;

namespace FunctionalNet.Tests.Curvature;

/// <summary>What the Hessian's summary numbers mean: sharpness, the condition estimate and the sign of λmin.</summary>
public sealed class HessianSpectrumTests
{
    private static RitzPair Pair(double value) => new(value, [1.0], 0);

    private static HessianSpectrum Of(double[] top, double[] bottom) =>
        new(0, 0, 1, 1, [.. top.Select(Pair)], [.. bottom.Select(Pair)], 1, true);

    [Fact]
    public void Positive_curvature_gives_the_ratio_of_the_extremes()
    {
        var s = Of([8, 4], [0.5]);
        Assert.Equal(8, s.Sharpness);
        Assert.Equal(16, s.ConditionEstimate);
        Assert.True(s.PositiveDefinite);
    }

    [Fact]
    public void A_negative_eigenvalue_marks_a_saddle_and_the_ratio_uses_its_magnitude()
    {
        var s = Of([8, 4], [-2]);
        Assert.Equal(4, s.ConditionEstimate);
        Assert.False(s.PositiveDefinite);
        Assert.Equal(-2, s.SmallestComputed);
    }

    [Fact]
    public void Without_bottom_eigenvalues_the_smallest_top_one_is_used()
    {
        var s = Of([8, 2], []);
        Assert.Equal(2, s.SmallestComputed);
        Assert.Equal(4, s.ConditionEstimate);
    }

    [Fact]
    public void A_flat_direction_gives_an_infinite_estimate()
    {
        var s = Of([3], [0]);
        Assert.True(double.IsPositiveInfinity(s.ConditionEstimate));
        Assert.False(s.PositiveDefinite);
    }
}
