using System.Globalization;
using FunctionalNet.Cli.Options;
using FunctionalNet.Data;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The decision <c>fnet train</c> fits after training (<c>--calibrate</c>, <c>--threshold</c>) on the validation
/// part, through the library's <see cref="Classifier.Calibrated"/> and <see cref="Classifier.ChooseThreshold"/>; the
/// run's test metrics and pictures then score the tuned model, and the saved model carries it.
/// </summary>
internal static class DecisionTuning
{
    /// <summary>Null when the decision asked for fits this run (a two-class probability model for a threshold, validation rows for what is fitted), else the one line.</summary>
    public static Either<CliError, Unit> Check(TrainSettings s, Architecture arch, PreparedData data)
    {
        if (s.Decision is not { } d) return Unit.Default;
        string asked = string.Join(" and ", new[] { d.Threshold is null ? null : "--threshold", d.Calibrate is null ? null : "--calibrate" }.OfType<string>());
        bool both = d.Threshold is not null && d.Calibrate is not null;
        string? problem =
            data.IsRegression ? $"{asked} {(both ? "are" : "is")} for classifiers; this run is a regression"
            : !Classifier.GivesProbabilities(arch) ? $"{asked} need{(both ? "" : "s")} probability outputs (softmax, or one sigmoid unit); the network's output is {arch.Outputs} {arch.Output.Activation.Name}"
            : d.Threshold is not null && data.Classes.Length != 2 ? $"--threshold is for two classes; the data has {data.Classes.Length}"
            : d.Calibrate == "platt" && data.Classes.Length != 2 ? $"--calibrate platt is for two classes; the data has {data.Classes.Length} (use --calibrate temperature)"
            : d.NeedsValidation && !(s.ValidationSplit > 0)
                ? $"{(d.Calibrate is not null ? "--calibrate" : "--threshold auto")} is fitted on the validation part, and there is none: give --validation-split (e.g. 0.2)"
            : null;
        return problem is null ? Unit.Default : new CliError(new Error("options.decision", problem));
    }

    /// <summary>
    /// The fitted <paramref name="model"/> with the decision fitted on the plan's raw <paramref name="validation"/>
    /// rows (the model scales them itself) and reported in a line each; a calibration that cannot be fitted (the
    /// validation rows are separated) is a warning, and the model goes on uncalibrated.
    /// </summary>
    public static Either<CliError, Classifier> Fit(TrainSettings s, Classifier model, Dataset? validation, Terminal terminal)
    {
        if (s.Decision is not { } d) return model;
        var tuned = model;
        if (d.Calibrate is { } method && validation is not null)
        {
            int[] labels = [.. validation.Labels];
            tuned = model.Calibrated(validation, method).Match(
                Right: c =>
                {
                    terminal.Out.WriteLine(Inv($"calibrated {c.Calibration!.Describe()}: validation log-loss {LogLoss(labels, model, validation):F4} → {LogLoss(labels, c, validation):F4}"));
                    return c;
                },
                Left: e =>
                {
                    terminal.Error.WriteLine($"fnet: --calibrate {method}: {e.Message}; the model is saved uncalibrated");
                    return model;
                });
        }
        if (d.Threshold is { } given)
        {
            var chosen = double.IsNaN(given)
                ? tuned.ChooseThreshold(validation!, d.Objective).Map(c =>
                {
                    terminal.Out.WriteLine(Inv($"threshold {c.Threshold:G6} chosen on {validation!.Count} validation rows: {Said(d.Objective, c.Score)}"));
                    return c.Threshold;
                })
                : given;
            if (!chosen.Bind(t => tuned.WithThreshold(t)).MapLeft(e => new CliError(e)).TryRight(out tuned, out var problem)) return problem;
        }
        return tuned;
    }

    private static double LogLoss(int[] labels, Classifier model, Dataset validation) =>
        ClassificationMetrics.LogLoss(labels, model.PredictProba(validation.Features));

    // The objective's value as a user reads it: a cost is positive.
    private static string Said(ThresholdObjective objective, double score) => objective switch
    {
        ThresholdObjective.F1 => Inv($"F1 {score:G6}"),
        ThresholdObjective.BalancedAccuracy => Inv($"balanced accuracy {score:G6}"),
        ThresholdObjective.Costs c => Inv($"cost {-score:G6} (fp {c.FalsePositive:G6}, fn {c.FalseNegative:G6} each)"),
        _ => Inv($"{objective} {score:G6}"),
    };

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
