using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Model;

/// <summary>
/// gelu, silu and softplus element by element, over random inputs out to |z| = 40: f′ (Backward with δ = 1) against
/// central differences of f, f″ (BackwardTangent with R{z} = δ = 1, R{δ} = 0) against central differences of f′, the
/// tangent J·v against Backward, and float32 against float64.
/// </summary>
public sealed class ActivationDerivativeProperties
{
    public static TheoryData<string> Names() => new() { "gelu", "silu", "softplus" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Derivatives_match_central_differences(string name)
    {
        var f = Activation.Parse(name)!;
        Properties.Check(Prop.ForAll(Inputs(f), z =>
        {
            var (_, d1, d2) = Evaluate(f, z);
            for (int i = 0; i < z.Length; i++)
            {
                double h = 1e-5 * Math.Max(1, Math.Abs(z[i]));
                double[] at = [z[i] - h, z[i] + h];
                var (a, d, _) = Evaluate(f, at);
                double slope = (a[1] - a[0]) / (2 * h), bend = (d[1] - d[0]) / (2 * h);
                Assert.True(Math.Abs(slope - d1[i]) <= 1e-8 * (1 + Math.Abs(d1[i])), $"{name}′({z[i]:R}) = {d1[i]:R}, differences {slope:R}");
                Assert.True(Math.Abs(bend - d2[i]) <= 1e-8 * (1 + Math.Abs(d2[i])), $"{name}″({z[i]:R}) = {d2[i]:R}, differences {bend:R}");
            }
        }), cases: 300);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Tangent_is_the_diagonal_jacobian_times_the_direction(string name)
    {
        var f = Activation.Parse(name)!;
        Properties.Check(Prop.ForAll(Inputs(f), z =>
        {
            var (a, d1, _) = Evaluate(f, z);
            var v = z.Select((x, i) => Math.Sin(3 * x + i)).ToArray();
            var ra = new double[z.Length];
            f.Tangent<double>(z, a, v, ra, z.Length);
            for (int i = 0; i < z.Length; i++) Assert.Equal(d1[i] * v[i], ra[i], 1e-15 * (1 + Math.Abs(ra[i])));
        }), cases: 100);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_agrees_with_float64_to_single_precision(string name)
    {
        var f = Activation.Parse(name)!;
        Properties.Check(Prop.ForAll(Inputs(f), wide =>
        {
            var z = wide.Select(x => (float)x).ToArray();
            var (a, d1, d2) = Evaluate(f, [.. z.Select(x => (double)x)]);
            var (sa, sd1, sd2) = Evaluate(f, z);
            for (int i = 0; i < z.Length; i++)
            {
                // A few float32 roundings of each value; the derivatives (at most about 1.1) absolutely near their roots, where
                // silu's float32 sums cancel.
                Assert.True(Math.Abs(sa[i] - a[i]) <= 5e-7 * (Math.Abs(a[i]) + 1e-6), $"{name}({z[i]:R}): {sa[i]:R} vs {a[i]:R}");
                Assert.True(Math.Abs(sd1[i] - d1[i]) <= 5e-7 * (Math.Abs(d1[i]) + 0.1), $"{name}′({z[i]:R}): {sd1[i]:R} vs {d1[i]:R}");
                Assert.True(Math.Abs(sd2[i] - d2[i]) <= 5e-7 * (Math.Abs(d2[i]) + 0.1), $"{name}″({z[i]:R}): {sd2[i]:R} vs {d2[i]:R}");
            }
        }), cases: 200);
    }

    // 1–16 inputs, most in [−6, 6], some out to ±40; for softplus none within 10⁻³ of its threshold 20, where f′ jumps by 2·10⁻⁹.
    private static Arbitrary<double[]> Inputs(Activation f) =>
        Gen.OneOf(Gen.Choose(-600_000, 600_000).Select(i => i * 1e-5), Gen.Choose(-400_000, 400_000).Select(i => i * 1e-4))
            .Where(x => f is not Softplus || Math.Abs(x - Softplus.Threshold) > 1e-3)
            .ArrayOf().Where(z => z.Length > 0 && z.Length <= 16)
            .ToArbitrary();

    private static (T[] Value, T[] First, T[] Second) Evaluate<T>(Activation f, T[] z)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = new T[z.Length];
        f.Forward<T>(z, a, z.Length);
        var ones = Enumerable.Repeat(T.One, z.Length).ToArray();
        var d1 = new T[z.Length];
        f.Backward<T>(z, a, ones, d1, z.Length);
        var d2 = new T[z.Length];
        f.BackwardTangent<T>(z, a, ones, ones, new T[z.Length], d2, z.Length);
        return (a, d1, d2);
    }
}
