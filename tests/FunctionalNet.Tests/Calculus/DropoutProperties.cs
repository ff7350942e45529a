using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Tests.Support;
using static FunctionalNet.Tests.Support.WeightedCases;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// Dropout in the forward and backward pass: with the mask held fixed (one key) the cost is a smooth function of θ whose
/// backpropagated gradient agrees with differences, for every activation × loss pair, weighted or not; the masks keep
/// 1 − p of the units, scaled by 1/(1 − p); a key gives one mask.
/// </summary>
public class DropoutProperties
{
    [Property(MaxTest = 150)]
    public Property Gradient_under_a_fixed_mask_matches_central_differences() =>
        Prop.ForAll(Masked().ToArbitrary(), m =>
        {
            var (w, draw, rates) = m;
            var (_, gradient) = Evaluate(w, w.Parameters.Flat.ToArray(), draw);
            var report = GradientCheck.Compare(theta => Evaluate(w, theta, draw).Cost, w.Parameters.Flat, gradient);
            return (report.MaxRelativeError < 1e-6).Label(
                $"{w}, rates {string.Join(",", rates)}: relative error {report.MaxRelativeError:E3} at {GradientCheck.Describe(w.Architecture.Layout, report.Index)}");
        });

    // Cases with random rates and a fixed key, weighted or not, whose kinked units sit at least 5e-3 from the kink in the
    // dropped-out pass (the unweighted filter looks at the pass without dropout, whose later layers differ).
    private static Gen<(NetworkCase Case, DropoutDraw Draw, double[] Rates)> Masked() =>
        from c in AnyPair(kinkMargin: 0)
        from weighted in Gen.Elements(false, true)
        let rng = Rng.Create((ulong)c.Seed).Fork(50)
        let rates = Enumerable.Range(0, c.Architecture.Layers.Length - 1).Select(k => 0.6 * rng.Uniform((ulong)k)).ToArray()
        let draw = new DropoutDraw(rates, rng.Fork(1))
        let w = weighted ? Weighted(c) : c
        where RandomNetworks.KinkDistance(w, draw) >= 5e-3
        select (w, draw, rates);

    [Property(MaxTest = 100)]
    public Property Rates_of_zero_change_no_bit() =>
        Prop.ForAll(AnyPair(kinkMargin: 0).ToArbitrary(), c =>
        {
            var theta = c.Parameters.Flat.ToArray();
            var plain = Evaluate(c, theta, null);
            var none = Evaluate(c, theta, new DropoutDraw(new double[c.Architecture.Layers.Length - 1], Rng.Create(1)));
            return (BitConverter.DoubleToInt64Bits(plain.Cost) == BitConverter.DoubleToInt64Bits(none.Cost) && Bits(plain.Gradient).SequenceEqual(Bits(none.Gradient)))
                .Label(c.ToString());
        });

    [Property(MaxTest = 50)]
    public Property A_mask_keeps_one_minus_p_of_the_units_scaled_by_the_inverse_and_is_a_function_of_its_key() =>
        Prop.ForAll(Gen.Choose(1, 9).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (tenths, seed) =>
        {
            double p = tenths / 10.0;
            var draw = new DropoutDraw([p], Rng.Create((ulong)seed));
            var mask = new double[20_000];
            draw.Fill<double>(0, mask, 1);
            var again = new double[20_000];
            draw.Fill<double>(0, again, 1);
            double kept = mask.Count(v => v != 0) / (double)mask.Length;
            // 20 000 draws: the kept fraction's standard error is at most 0.0036, so ±0.02 is over five sigma.
            return (Math.Abs(kept - (1 - p)) < 0.02).Label($"p {p}: kept {kept}")
                .And(mask.All(v => v == 0 || v == 1 / (1 - p)).Label($"p {p}: a kept unit is not scaled by 1/(1 − p)"))
                .And(mask.SequenceEqual(again).Label("one key, two masks"));
        });

    /// <summary>The cost and gradient of the case at θ, under <paramref name="draw"/>'s masks (none when null).</summary>
    private static (double Cost, double[] Gradient) Evaluate(NetworkCase c, double[] theta, DropoutDraw? draw)
    {
        var workspace = new Workspace<double>(c.Architecture, c.Batch.Count);
        var gradient = new double[theta.Length];
        double cost = Backpropagation.Run(workspace, theta, c.Batch.Features.Span, c.Batch.Targets.Span, c.Batch.Count, gradient,
            weights: c.Batch.WeightSpan, dropout: draw);
        return (cost, gradient);
    }
}
