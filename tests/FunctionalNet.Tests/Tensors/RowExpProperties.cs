using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The fused kernel's inlined exponential (<see cref="RowExp"/>) against <see cref="Math.Exp"/> / <see cref="MathF.Exp"/>:
/// within a few ulps over the finite range at both register widths, NaN for NaN, and the clamp's nearest normal values
/// beyond the range.
/// </summary>
public sealed class RowExpProperties
{
    private static Arbitrary<double> Arguments(double low, double high) =>
        Gen.Choose(0, int.MaxValue).Select(i => low + (high - low) * (i / (double)int.MaxValue)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Double_exp_is_within_four_ulps_at_both_widths() =>
        Prop.ForAll(Arguments(-708, 709), x =>
        {
            double expected = Math.Exp(x);
            double wide = RowExp.Exp(Vector512.Create(x)).GetElement(3), narrow = RowExp.Exp(Vector256.Create(x)).GetElement(1);
            return (Math.Abs(wide - expected) <= 4 * (Math.BitIncrement(expected) - expected) && wide == narrow).Label($"e^{x:R}: {wide:R} vs {expected:R}");
        });

    [Property(MaxTest = 300)]
    public Property Float_exp_is_within_four_ulps_at_both_widths() =>
        Prop.ForAll(Arguments(-87, 88), x =>
        {
            float f = (float)x, expected = MathF.Exp(f);
            float wide = RowExp.Exp(Vector512.Create(f)).GetElement(5), narrow = RowExp.Exp(Vector256.Create(f)).GetElement(2);
            return (Math.Abs(wide - expected) <= 4 * (MathF.BitIncrement(expected) - expected) && wide == narrow).Label($"e^{f:R}: {wide:R} vs {expected:R}");
        });

    [Fact]
    public void NaN_stays_NaN_and_the_ends_clamp_to_normal_values()
    {
        Assert.True(double.IsNaN(RowExp.Exp(Vector512.Create(double.NaN)).GetElement(0)));
        Assert.True(float.IsNaN(RowExp.Exp(Vector256.Create(float.NaN)).GetElement(0)));
        Assert.Equal(Math.Exp(709), RowExp.Exp(Vector512.Create(double.PositiveInfinity)).GetElement(0), 1e-15 * Math.Exp(709));
        Assert.Equal(Math.Exp(-708), RowExp.Exp(Vector512.Create(-1e6)).GetElement(0), 1e-15 * Math.Exp(-708));
        Assert.Equal(MathF.Exp(88f), RowExp.Exp(Vector512.Create(float.PositiveInfinity)).GetElement(0), 1e-6f * MathF.Exp(88f));
    }
}
