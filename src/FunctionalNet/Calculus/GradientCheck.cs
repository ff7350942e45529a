using FunctionalNet.Data;
using FunctionalNet.Model;

namespace FunctionalNet.Calculus;

/// <summary>Where the analytic and numeric gradients disagree most.</summary>
/// <param name="MaxRelativeError">max_i |g_i − n_i| / max(|g_i|, |n_i|, floor).</param>
/// <param name="Index">Index of that parameter in the flat vector.</param>
/// <param name="Location">Human-readable place, e.g. <c>layers.1.weight[3, 0]</c>.</param>
/// <param name="Analytic">The analytic gradient there.</param>
/// <param name="Numeric">The finite-difference gradient there.</param>
public sealed record GradientCheckReport(double MaxRelativeError, int Index, string Location, double Analytic, double Numeric);

/// <summary>
/// Verifies an analytic gradient against fourth-order central differences
/// f′(θ) ≈ [f(θ−2h) − 8f(θ−h) + 8f(θ+h) − f(θ+2h)] / 12h, whose error is O(h⁴) — far below the O(h²) of the
/// two-point rule — so a step of 1e-4 keeps both truncation and rounding near 1e-11. Use it to check your own
/// activations and losses.
/// </summary>
public static class GradientCheck
{
    /// <summary>Checks <see cref="Network.CostAndGradient"/> for a network on a batch, in double precision.</summary>
    /// <param name="architecture">The network.</param>
    /// <param name="parameters">Where to check.</param>
    /// <param name="batch">The data the cost is measured on.</param>
    /// <param name="step">Finite-difference step h (scaled by max(1, |θ_i|)).</param>
    /// <param name="floor">Smallest denominator of the relative error, so entries that are zero up to rounding
    /// are compared absolutely.</param>
    public static GradientCheckReport Run(Architecture architecture, Parameters<double> parameters, Batch<double> batch,
        double step = 1e-4, double floor = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        var (_, gradient) = Network.CostAndGradient(architecture, parameters, batch);
        var report = Compare(
            theta => Network.Cost(architecture, Parameters<double>.Own(architecture.Layout, theta), batch),
            parameters.Flat, gradient.Flat, step, floor);
        return report with { Location = Describe(architecture.Layout, report.Index) };
    }

    /// <summary>Checks any gradient: <paramref name="analytic"/> should be ∇f at <paramref name="point"/>.</summary>
    public static GradientCheckReport Compare(Func<double[], double> f, ReadOnlySpan<double> point, ReadOnlySpan<double> analytic,
        double step = 1e-4, double floor = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (point.Length != analytic.Length)
            throw new ArgumentException($"point has {point.Length} entries but the gradient has {analytic.Length}", nameof(analytic));
        if (!(step > 0)) throw new ArgumentOutOfRangeException(nameof(step), step, "step must be positive");
        var worst = new GradientCheckReport(0, -1, "none", 0, 0);
        for (int i = 0; i < point.Length; i++)
        {
            double numeric = Derivative(f, point, i, step * Math.Max(1.0, Math.Abs(point[i])));
            double a = analytic[i];
            double error = Math.Abs(a - numeric) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(numeric)), floor);
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            if (error > worst.MaxRelativeError || worst.Index < 0)
                worst = new GradientCheckReport(error, i, $"θ[{i}]", a, numeric);
        }
        return worst;
    }

    private static double Derivative(Func<double[], double> f, ReadOnlySpan<double> point, int i, double h)
    {
        // Each probe gets its own copy: f may keep what it is handed.
        double At(double offset, ReadOnlySpan<double> p)
        {
            var theta = p.ToArray();
            theta[i] += offset;
            return f(theta);
        }
        return (At(-2 * h, point) - 8 * At(-h, point) + 8 * At(h, point) - At(2 * h, point)) / (12 * h);
    }

    /// <summary>Names flat index <paramref name="index"/> in PyTorch's terms, e.g. <c>layers.0.weight[4, 1]</c>.</summary>
    public static string Describe(ParameterLayout layout, int index)
    {
        ArgumentNullException.ThrowIfNull(layout);
        for (int k = 0; k < layout.Slots.Length; k++)
        {
            var s = layout.Slots[k];
            if (index >= s.WeightOffset && index < s.BiasOffset)
            {
                int local = index - s.WeightOffset;
                return $"layers.{k}.weight[{local / s.Inputs}, {local % s.Inputs}]";
            }
            if (index >= s.BiasOffset && index < s.BiasOffset + s.Outputs) return $"layers.{k}.bias[{index - s.BiasOffset}]";
        }
        return $"θ[{index}]";
    }
}
