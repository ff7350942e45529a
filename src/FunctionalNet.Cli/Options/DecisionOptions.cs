using System.CommandLine;
using System.Globalization;

namespace FunctionalNet.Cli.Options;

/// <summary>
/// <c>fnet train</c>'s options for how the classifier decides, fitted after training on the validation part: the
/// probability calibration (<c>--calibrate</c>) and a two-class decision threshold (<c>--threshold</c>, with what
/// <c>auto</c> optimises: <c>--threshold-metric</c> or <c>--costs</c>).
/// </summary>
internal sealed class DecisionOptions
{
    public Option<string?> Threshold { get; } = new("--threshold")
    {
        Description = "Decision threshold of a two-class model: a row is the second class when its probability is at least this. auto chooses it on the validation part (--validation-split) to maximise --threshold-metric or minimise --costs; or give a probability in [0, 1]. Stored in the model (predict, evaluate and export use it)",
    };

    public Option<string?> Metric { get; } = new("--threshold-metric") { Description = "What --threshold auto maximises on the validation part: f1 (of the second class; the default) or balanced_accuracy" };

    public Option<string?> Costs { get; } = new("--costs") { Description = "Costs --threshold auto minimises on the validation part instead of a metric: fp=C,fn=C, a false positive's and a false negative's cost (finite, ≥ 0), e.g. fp=1,fn=5" };

    public Option<string?> Calibrate { get; } = new("--calibrate")
    {
        Description = "Calibrate the probabilities on the validation part (--validation-split) by minimising its log-loss: temperature (the output logits divided by one T; predictions unchanged) or platt (a·z + b on a two-class model's logit). Stored in the model (predict, evaluate and export use it); reliability-before.svg shows the probabilities before",
    };

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Threshold, Metric, Costs, Calibrate }) command.Add(o);
    }

    /// <summary><paramref name="settings"/> with the decision asked for (none when no option was given), or the one-line refusal of a spelling.</summary>
    public LanguageExt.Either<CliError, TrainSettings> Into(ParseResult r, TrainSettings settings)
    {
        string? threshold = r.GetValue(Threshold)?.Trim().ToLowerInvariant(), metric = r.GetValue(Metric)?.Trim().ToLowerInvariant(),
            costs = r.GetValue(Costs)?.Trim(), calibrate = r.GetValue(Calibrate)?.Trim().ToLowerInvariant();
        if (threshold is null && metric is null && costs is null && calibrate is null) return settings;
        double given = double.NaN;
        ThresholdObjective? objective = costs is not null ? Cost(costs) : metric switch
        {
            null or "f1" => new ThresholdObjective.F1(),
            "balanced_accuracy" or "balanced-accuracy" => new ThresholdObjective.BalancedAccuracy(),
            _ => (ThresholdObjective?)null,
        };
        string? problem =
            settings.Task == Formats.ModelCard.MultiLabel ? "--threshold and --calibrate are for a classifier of one label column, not --task multilabel"
            : threshold is not (null or "auto") && !(double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out given) && given >= 0 && given <= 1)
                ? $"--threshold '{threshold}' is not auto or a probability in [0, 1]"
            : metric is not null && costs is not null ? "--threshold-metric and --costs exclude each other: give one"
            : (metric is not null || costs is not null) && threshold != "auto" ? $"{(costs is null ? "--threshold-metric" : "--costs")} says what --threshold auto optimises; give --threshold auto"
            : costs is not null && objective is null ? $"--costs '{costs}' is not fp=C,fn=C with two finite costs ≥ 0, not both 0 (e.g. fp=1,fn=5)"
            : objective is null ? $"--threshold-metric '{metric}' is not one of f1, balanced_accuracy"
            : calibrate is not (null or "temperature" or "platt") ? $"--calibrate '{calibrate}' is not one of temperature, platt"
            : null;
        return problem is not null ? new CliError(new Error("options.decision", problem))
            : settings with { Decision = new DecisionSettings(calibrate, threshold is null ? null : threshold == "auto" ? double.NaN : given, objective!) };
    }

    // fp=C,fn=C in either order, each once.
    private static ThresholdObjective.Costs? Cost(string spec)
    {
        var pairs = spec.Split(',').Select(p => p.Split('=')).ToList();
        if (pairs.Count != 2 || pairs.Any(p => p.Length != 2)) return null;
        var costs = pairs.ToLookup(p => p[0].Trim().ToLowerInvariant(), p => double.TryParse(p[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN);
        if (costs["fp"].Count() != 1 || costs["fn"].Count() != 1) return null;
        double fp = costs["fp"].Single(), fn = costs["fn"].Single();
        return fp >= 0 && fn >= 0 && double.IsFinite(fp) && double.IsFinite(fn) && fp + fn > 0 ? new ThresholdObjective.Costs(fp, fn) : null;
    }
}

/// <summary>The decision <c>fnet train</c> was asked to fit after training.</summary>
/// <param name="Calibrate"><c>temperature</c>, <c>platt</c> or null.</param>
/// <param name="Threshold">The given threshold, NaN for <c>auto</c>, or null for none.</param>
/// <param name="Objective">What <c>auto</c> optimises.</param>
internal sealed record DecisionSettings(string? Calibrate, double? Threshold, ThresholdObjective Objective)
{
    /// <summary>True when something is fitted on the validation part (a calibration, or an automatic threshold).</summary>
    public bool NeedsValidation => Calibrate is not null || Threshold is double.NaN;
}
