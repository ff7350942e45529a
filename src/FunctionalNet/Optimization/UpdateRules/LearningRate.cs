using System.Globalization;
using FunctionalNet.Optimization.Scheduling;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// A learning rate that is either a constant or a <see cref="Scheduling.Schedule"/> of the step: either converts
/// implicitly, so <c>Rules.Adam(1e-3)</c> and <c>Rules.Adam(cosine)</c> both read naturally (optax's <c>ScalarOrSchedule</c>).
/// </summary>
public readonly record struct LearningRate
{
    private readonly Schedule? schedule;
    private readonly double constant;

    private LearningRate(double constant, Schedule? schedule)
    {
        this.constant = constant;
        this.schedule = schedule;
    }

    /// <summary>A constant rate.</summary>
    public static implicit operator LearningRate(double constant) => new(constant, null);

    /// <summary>A scheduled rate.</summary>
    public static implicit operator LearningRate(Schedule schedule) => new(double.NaN, schedule);

    /// <summary>A constant rate (the named alternative to the implicit conversion).</summary>
    public static LearningRate FromDouble(double constant) => constant;

    /// <summary>A scheduled rate (the named alternative to the implicit conversion).</summary>
    public static LearningRate FromSchedule(Schedule schedule) => schedule;

    /// <summary>The rate at step <paramref name="step"/>.</summary>
    public double At(int step) => schedule is null ? constant : schedule(step);

    /// <summary>An error when the rate is a constant that is not finite and positive.</summary>
    internal Error? Problem(string who) => schedule is null && !(constant > 0 && double.IsFinite(constant))
        ? new Error($"{who}.learning-rate", $"{who}: the learning rate must be finite and > 0, found {constant.ToString("R", CultureInfo.InvariantCulture)}")
        : null;

    /// <inheritdoc/>
    public override string ToString() => schedule is null ? constant.ToString("R", CultureInfo.InvariantCulture) : "schedule";
}
