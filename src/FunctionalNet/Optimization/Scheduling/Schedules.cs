using System.Globalization;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Optimization.Scheduling;

/// <summary>
/// Factories for <see cref="Schedule"/>s. Each validates its arguments and returns the schedule or every problem
/// found. Warm-up is <see cref="Warmup"/>, a linear ramp joined to any schedule with <see cref="Join"/>.
/// </summary>
public static class Schedules
{
    /// <summary>η_t = η.</summary>
    public static Validation<Error, Schedule> Constant(double value) =>
        Check(Positive("constant", "value", value), () => _ => value);

    /// <summary>η_t = η₀ / (t + 1)^p — scikit-learn's <c>invscaling</c> (default p = 0.5, its <c>power_t</c>).</summary>
    public static Validation<Error, Schedule> InverseScaling(double initial, double power = 0.5) =>
        Check(Positive("inverse-scaling", "initial", initial).Concat(NonNegative("inverse-scaling", "power", power)),
            () => t => initial / Math.Pow(t + 1, power));

    /// <summary>η_t = η₀ · γ^⌊t / every⌋: multiply by γ every <paramref name="every"/> steps.</summary>
    public static Validation<Error, Schedule> StepDecay(double initial, double factor, int every) =>
        Check(Positive("step-decay", "initial", initial).Concat(Fraction("step-decay", "factor", factor)).Concat(AtLeastOne("step-decay", "every", every)),
            () => t => initial * Math.Pow(factor, t / every));

    /// <summary>η_t = η₀ · γ^(t / every), the smooth version of <see cref="StepDecay"/>.</summary>
    public static Validation<Error, Schedule> Exponential(double initial, double factor, int every = 1) =>
        Check(Positive("exponential", "initial", initial).Concat(Fraction("exponential", "factor", factor)).Concat(AtLeastOne("exponential", "every", every)),
            () => t => initial * Math.Pow(factor, (double)t / every));

    /// <summary>
    /// Cosine decay (Loshchilov &amp; Hutter 2017): η_t = η_min + (η₀ − η_min)·½(1 + cos(π·min(t, T)/T)), so η₀ at t = 0 and
    /// η_min from t = T on.
    /// </summary>
    public static Validation<Error, Schedule> Cosine(double initial, int steps, double final = 0) =>
        Check(Positive("cosine", "initial", initial).Concat(AtLeastOne("cosine", "steps", steps)).Concat(NonNegative("cosine", "final", final))
                .Concat(final <= initial ? [] : [new Error("cosine.final", $"cosine: the final value must not exceed the initial {Format(initial)}, found {Format(final)}")]),
            () => t => final + (initial - final) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(t, steps) / steps)));

    /// <summary>
    /// A linear warm-up from <paramref name="start"/> to <paramref name="then"/>(0) over <paramref name="steps"/> steps, then
    /// <paramref name="then"/> shifted by the warm-up: η_t = start + (then(0) − start)·t/steps for t &lt; steps, then(t − steps) after.
    /// </summary>
    public static Validation<Error, Schedule> Warmup(int steps, Schedule then, double start = 0)
    {
        ArgumentNullException.ThrowIfNull(then);
        return Check(AtLeastOne("warmup", "steps", steps).Concat(NonNegative("warmup", "start", start)), () =>
        {
            double peak = then(0);
            return Join(t => start + (peak - start) * t / steps, steps, then);
        });
    }

    /// <summary>first(t) for t &lt; <paramref name="boundary"/>, then second(t − boundary) (optax's <c>join_schedules</c>).</summary>
    public static Schedule Join(Schedule first, int boundary, Schedule second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return t => t < boundary ? first(t) : second(t - boundary);
    }

    private static Validation<Error, Schedule> Check(IEnumerable<Error> problems, Func<Schedule> build)
    {
        var errors = problems.ToList();
        return errors.Count == 0 ? Success<Error, Schedule>(build()) : Validation<Error, Schedule>.Fail(errors.ToSeq());
    }

    internal static IEnumerable<Error> Positive(string who, string what, double value) =>
        value > 0 && double.IsFinite(value) ? [] : [new Error($"{who}.{what}", $"{who}: {what} must be finite and > 0, found {Format(value)}")];

    internal static IEnumerable<Error> NonNegative(string who, string what, double value) =>
        value >= 0 && double.IsFinite(value) ? [] : [new Error($"{who}.{what}", $"{who}: {what} must be finite and ≥ 0, found {Format(value)}")];

    internal static IEnumerable<Error> Fraction(string who, string what, double value) =>
        value > 0 && value <= 1 ? [] : [new Error($"{who}.{what}", $"{who}: {what} must lie in (0, 1], found {Format(value)}")];

    internal static IEnumerable<Error> AtLeastOne(string who, string what, int value) =>
        value >= 1 ? [] : [new Error($"{who}.{what}", $"{who}: {what} must be ≥ 1, found {value}")];

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
