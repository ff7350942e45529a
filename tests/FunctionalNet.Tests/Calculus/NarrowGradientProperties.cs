using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// The fused narrow-network gradient (<see cref="NarrowGradient{T}"/>) computes the same cost and gradient as the
/// layer-by-layer backpropagation (to rounding), agrees with central differences of its own cost, and gives the same
/// bits on every call, whatever else the kernel computed in between and however the batch reached it.
/// </summary>
public sealed class NarrowGradientProperties
{
    [Property(MaxTest = 150)]
    public Property Float64_cost_and_gradient_agree_with_backpropagation() =>
        Prop.ForAll(NarrowCases.Cases(), c =>
        {
            var (cost, gradient) = Fused(c.Architecture, c.Parameters, c.Batch);
            var (expectedCost, expected) = Network.CostAndGradient(c.Architecture, c.Parameters, c.Batch);
            return Agree(cost, gradient, expectedCost, expected.Flat.ToArray(), 1e-12, 1e-10).Label(c.ToString());
        });

    [Property(MaxTest = 150)]
    public Property Float32_cost_and_gradient_agree_with_backpropagation() =>
        Prop.ForAll(NarrowCases.Cases(kinkMargin: 1e-2), c =>
        {
            var (parameters, batch) = NarrowCases.ToSingle(c);
            var (cost, gradient) = Fused(c.Architecture, parameters, batch);
            var (expectedCost, expected) = Network.CostAndGradient(c.Architecture, parameters, batch);
            return Agree(cost, gradient, expectedCost, expected.Flat.ToArray(), 1e-5, 1e-4).Label(c.ToString());
        });

    [Property(MaxTest = 60)]
    public Property Gradient_matches_central_differences_of_the_fused_cost() =>
        Prop.ForAll(NarrowCases.Cases(kinkMargin: 5e-3), c =>
        {
            var narrow = new NarrowGradient<double>(c.Architecture);
            var theta = c.Parameters.Flat.ToArray();
            var gradient = new double[theta.Length];
            narrow.Run(theta, c.Batch, gradient);
            var scratch = new double[theta.Length];
            double Cost(double[] at) => narrow.Run(at, c.Batch, scratch);
            // Twenty parameters spread over the vector (all of them when there are fewer).
            int stride = Math.Max(1, theta.Length / 20);
            double worst = 0;
            for (int p = 0; p < theta.Length; p += stride)
            {
                const double h = 1e-5;
                double keep = theta[p];
                theta[p] = keep + h;
                double plus = Cost(theta);
                theta[p] = keep - h;
                double minus = Cost(theta);
                theta[p] = keep;
                double numeric = (plus - minus) / (2 * h);
                worst = Math.Max(worst, Math.Abs(numeric - gradient[p]) / Math.Max(1e-2, Math.Max(Math.Abs(numeric), Math.Abs(gradient[p]))));
            }
            return (worst < 1e-5).Label($"{c}: worst relative error {worst:E3}");
        });

    [Property(MaxTest = 100)]
    public Property Same_bits_on_every_call_and_through_either_entry() =>
        Prop.ForAll(NarrowCases.Cases(), NarrowCases.Cases(), (c, other) =>
        {
            if (other.Architecture.Shape != c.Architecture.Shape || other.Architecture.Loss != c.Architecture.Loss) other = c;
            var theta = c.Parameters.Flat.ToArray();
            var first = new double[theta.Length];
            var again = new double[theta.Length];
            var viaSpans = new double[theta.Length];
            var narrow = new NarrowGradient<double>(c.Architecture);
            double cost = narrow.Run(theta, c.Batch, first);
            // Another batch in between (its layout replaces the cached one), then the same batch again, and through spans.
            narrow.Run(other.Parameters.Flat, other.Batch, new double[theta.Length]);
            double costAgain = narrow.Run(theta, c.Batch, again);
            double costSpans = new NarrowGradient<double>(c.Architecture).Run(theta, c.Batch.Features.Span, c.Batch.Targets.Span, c.Batch.Count, viaSpans,
                weights: c.Batch.WeightSpan);
            return (WeightedCases.Bits(first).SequenceEqual(WeightedCases.Bits(again)) && WeightedCases.Bits(first).SequenceEqual(WeightedCases.Bits(viaSpans))
                    && BitConverter.DoubleToInt64Bits(cost) == BitConverter.DoubleToInt64Bits(costAgain)
                    && BitConverter.DoubleToInt64Bits(cost) == BitConverter.DoubleToInt64Bits(costSpans))
                .Label(c.ToString());
        });

    [Property(MaxTest = 100)]
    public Property Without_the_cost_the_gradient_is_the_same_and_the_cost_NaN() =>
        Prop.ForAll(NarrowCases.Cases(), c =>
        {
            var with = new double[c.Parameters.Count];
            var without = new double[c.Parameters.Count];
            var narrow = new NarrowGradient<double>(c.Architecture);
            narrow.Run(c.Parameters.Flat, c.Batch, with);
            double cost = narrow.Run(c.Parameters.Flat, c.Batch, without, withCost: false);
            return (double.IsNaN(cost) && WeightedCases.Bits(with).SequenceEqual(WeightedCases.Bits(without))).Label(c.ToString());
        });

    private static (double Cost, double[] Gradient) Fused<T>(Architecture architecture, Parameters<T> parameters, Batch<T> batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradient = new T[parameters.Count];
        double cost = new NarrowGradient<T>(architecture).Run(parameters.Flat, batch, gradient);
        return (cost, [.. gradient.Select(double.CreateTruncating)]);
    }

    // The cost to a relative tolerance; the gradient normwise (every entry within tolerance × the largest entry, plus a
    // floor for gradients that cancel to almost nothing).
    private static bool Agree<T>(double cost, double[] gradient, T expectedCost, T[] expected, double costTolerance, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double reference = double.CreateTruncating(expectedCost);
        if (Math.Abs(cost - reference) > costTolerance * Math.Max(1, Math.Abs(reference))) return false;
        double scale = expected.Length == 0 ? 0 : expected.Max(g => Math.Abs(double.CreateTruncating(g)));
        for (int i = 0; i < gradient.Length; i++)
            if (Math.Abs(gradient[i] - double.CreateTruncating(expected[i])) > tolerance * (scale + 1e-3)) return false;
        return true;
    }
}
