using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Tests.Model;

/// <summary>
/// erf and erfc (Cody's rational approximations, behind gelu) against torch.special.erf/erfc in float64 (PyTorch 1.13,
/// printed by make_activation_answers.py; within 1 ulp of mpmath at 50 digits at these points), into both tails.
/// </summary>
public sealed class ErrorFunctionTests
{
    [Fact]
    public void Erf_matches_pytorch() => Check(SpecialFunctions.Erf,
        [0.0, 1e-10, 0.1, 0.46875, 0.5, 1.0, 2.0, 3.9, 4.0, 4.1, 5.0, 6.0, -0.3, -2.5],
        [0.0, 1.1283791670955126e-10, 0.1124629160182849, 0.49261347321793797, 0.5204998778130465, 0.8427007929497149,
            0.9953222650189527, 0.9999999652077514, 0.9999999845827421, 0.9999999932999724, 0.9999999999984626, 1.0,
            -0.3286267594591274, -0.999593047982555]);

    [Fact]
    public void Erfc_matches_pytorch_far_into_the_right_tail() => Check(SpecialFunctions.Erfc,
        [0.1, 0.46875, 0.5, 1.0, 2.0, 4.0, 5.0, 10.0, 20.0, 26.0, 27.0, -1.0, -3.0, -6.0],
        [0.887537083981715, 0.507386526782062, 0.4795001221869535, 0.15729920705028513, 0.004677734981047265,
            1.541725790028002e-08, 1.537459794428035e-12, 2.088487583762545e-45, 5.395865611607901e-176, 5.663192408856143e-296,
            5.23705e-319, 1.8427007929497148, 1.9999779095030015, 2.0]);

    [Fact]
    public void Limits_and_not_a_number()
    {
        Assert.Equal(1.0, SpecialFunctions.Erf(double.PositiveInfinity));
        Assert.Equal(-1.0, SpecialFunctions.Erf(double.NegativeInfinity));
        Assert.Equal(0.0, SpecialFunctions.Erfc(30));
        Assert.Equal(2.0, SpecialFunctions.Erfc(double.NegativeInfinity));
        Assert.True(double.IsNaN(SpecialFunctions.Erf(double.NaN)) && double.IsNaN(SpecialFunctions.Erfc(double.NaN)));
    }

    [Property(MaxTest = 500)]
    public Property Erf_is_odd_and_erfc_its_complement() =>
        Prop.ForAll(Inputs, x =>
            (SpecialFunctions.Erf(-x) == -SpecialFunctions.Erf(x)
             && Math.Abs(SpecialFunctions.Erf(x) + SpecialFunctions.Erfc(x) - 1) <= 4e-16
             && Math.Abs(SpecialFunctions.Erfc(x) + SpecialFunctions.Erfc(-x) - 2) <= 8e-16).Label($"x = {x:R}"));

    [Property(MaxTest = 500)]
    public Property Differences_give_the_derivative_across_every_interval() =>
        Prop.ForAll(Inputs, x =>
        {
            // d/dx erf = −d/dx erfc = (2/√π)e^(−x²): erfc's right tail relative to it (the tail shrinks with it), erf absolutely.
            // The tail's step shrinks as its curvature (≈ 4y² relative) grows.
            double y = Math.Abs(x), h = 1e-6 / Math.Max(1, y), k = 1e-6 * Math.Max(1, y);
            double tail = (SpecialFunctions.Erfc(y - h) - SpecialFunctions.Erfc(y + h)) / (2 * h);
            double slope = (SpecialFunctions.Erf(x + k) - SpecialFunctions.Erf(x - k)) / (2 * k);
            double exact = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x);
            return (Math.Abs(tail - exact) <= 1e-7 * exact + 1e-300 && Math.Abs(slope - exact) <= 1e-7 * exact + 1e-9)
                .Label($"x = {x:R}: {tail:R}, {slope:R} vs {exact:R}");
        });

    // Each interval of the approximation (|x| ≤ 0.46875, ≤ 4, beyond), both signs, the right tail to 26, and the boundaries.
    private static Arbitrary<double> Inputs =>
        Gen.OneOf(Gen.Choose(-1_000_000, 1_000_000).Select(i => i * 6e-6), Gen.Choose(0, 1_000_000).Select(i => 6 + i * 2e-5),
                Gen.Elements(0.46875, -0.46875, 4.0, -4.0, 1e-300, 26.0))
            .ToArbitrary();

    // Within 4 ulps of PyTorch's value (Cody's approximation is within 3 of the exact one), or 2 subnormal steps.
    private static void Check(Func<double, double> f, double[] x, double[] expected)
    {
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(f(x[i]) - expected[i]) <= Math.Max(1e-15 * Math.Abs(expected[i]), 1e-323),
                $"at {x[i]:R}: expected {expected[i]:R}, found {f(x[i]):R}");
    }
}
