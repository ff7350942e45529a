using System.Globalization;
using System.Text.Json.Serialization;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// How a classifier's outputs become probabilities and classes beyond its network (<c>decision</c> in the card): the
/// calibration of the output logits and the two-class decision threshold, each absent when the model has none.
/// </summary>
/// <param name="Threshold">P(class 1) at or above which a row is class 1; <c>"Infinity"</c> calls every row class 0.</param>
/// <param name="Calibration"><c>temperature</c> or <c>platt</c>, or null for none.</param>
/// <param name="Temperature">T of temperature scaling (logits divided by it).</param>
/// <param name="Slope">a of Platt scaling (a·z + b).</param>
/// <param name="Intercept">b of Platt scaling.</param>
public sealed record DecisionCard(
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Threshold = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Calibration = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Temperature = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Slope = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Intercept = null)
{
    /// <summary>The card's section for <paramref name="classifier"/>, or null when it has neither a calibration nor a threshold.</summary>
    public static DecisionCard? Of(Classifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        return classifier.Calibration is null && classifier.Threshold is null ? null : classifier.Calibration switch
        {
            FunctionalNet.Calibration.Temperature t => new DecisionCard(classifier.Threshold, t.Method, Temperature: t.Value),
            FunctionalNet.Calibration.Platt p => new DecisionCard(classifier.Threshold, p.Method, Slope: p.Slope, Intercept: p.Intercept),
            _ => new DecisionCard(classifier.Threshold),
        };
    }

    /// <summary>The calibration the section describes, or null for none; an error for an unknown method or a missing number.</summary>
    public Either<Error, Option<Calibration>> ToCalibration() => (Calibration, Temperature, Slope, Intercept) switch
    {
        (null, null, null, null) => Option<Calibration>.None,
        ("temperature", { } t, null, null) => Option<Calibration>.Some(new FunctionalNet.Calibration.Temperature(t)),
        ("platt", null, { } a, { } b) => Option<Calibration>.Some(new FunctionalNet.Calibration.Platt(a, b)),
        _ => new Error("card.decision", $"model card: decision.calibration '{Calibration}' needs its own numbers only: temperature with temperature, platt with slope and intercept"),
    };

    /// <summary>Null when the section fits a classifier of <paramref name="architecture"/> with <paramref name="classes"/> classes, else what is wrong.</summary>
    public Error? Problem(Architecture architecture, int classes, string task)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (task != ModelCard.Classification) return new Error("card.decision", $"model card: a {task} model has no decision section");
        if (!ToCalibration().TryGet(out var calibration, out var bad)) return bad;
        if (calibration.MatchUnsafe(c => c.Problem(architecture), () => null) is { } problem)
            return new Error("card.decision", "model card: decision: " + problem.Message);
        if (Threshold is not null && (classes != 2 || !Classifier.GivesProbabilities(architecture)))
            return new Error("card.decision", $"model card: decision.threshold is for two classes with probability outputs, the model has {classes}");
        if (Threshold is { } v && !(v >= 0 && v <= 1) && !double.IsPositiveInfinity(v))
            return new Error("card.decision", $"model card: decision.threshold must be in [0, 1] or Infinity, found {v.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    /// <summary><paramref name="classifier"/> with this section's calibration and threshold.</summary>
    public Either<Error, Classifier> Apply(Classifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var threshold = Threshold;
        return
            from calibration in ToCalibration()
            from calibrated in classifier.WithCalibration(calibration.MatchUnsafe(c => c, () => null))
            from decided in calibrated.WithThreshold(threshold)
            select decided;
    }
}
