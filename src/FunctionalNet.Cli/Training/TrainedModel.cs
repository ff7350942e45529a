using System.Collections.Immutable;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The end of <c>fnet train</c>: the library's fitted <see cref="Classifier"/> or <see cref="Regressor"/> with the
/// shell's extras in its training section (the data's name, the test split, the epochs of every resumed leg and the
/// metrics the shell scored), saved through the library's one card builder (<see cref="ModelDirectory.Card(Classifier)"/>)
/// with the label column the data named.
/// </summary>
internal static class TrainedModel
{
    /// <summary>
    /// <paramref name="fitted"/> (the library's summary of the kept iterate, its training section recording the
    /// options) with what only the shell knows: the data, the test split, how the whole run ended and its metrics.
    /// </summary>
    public static TrainingSummary Summary(TrainingSummary fitted, TrainSettings s, TrainOutcome result, SortedDictionary<string, double> metrics)
    {
        var all = new SortedDictionary<string, double>(metrics, StringComparer.Ordinal);
        if (result.Kept.ValidationCost is { } validationCost) all["validation_cost"] = validationCost;
        return new TrainingSummary(result.Kept.Epoch, result.Kept.Step, result.StopMessage,
            all.Where(p => double.IsFinite(p.Value)).ToImmutableSortedDictionary(StringComparer.Ordinal))
        {
            // The test part is the shell's, not the fit's; a resumed run counts every leg's epochs.
            Training = fitted.Training is { } training
                ? training with { Data = s.Data, EpochsRun = result.EpochsRun, StopReason = result.StopMessage, TestSplit = s.TestData is null ? s.TestSplit : 0 }
                : null,
        };
    }

    /// <summary>Saves <paramref name="model"/> in --out (whose lock the run holds) with its label column.</summary>
    public static Either<CliError, string> Save(TrainSettings s, Classifier model, bool labelColumn = true) => Save(s, ModelDirectory.Card(model), model.Weights, labelColumn);

    /// <summary>Saves <paramref name="model"/> in --out (whose lock the run holds) with its target columns.</summary>
    public static Either<CliError, string> Save(TrainSettings s, Regressor model) => Save(s, ModelDirectory.Card(model), model.Weights, labelColumn: true);

    private static Either<CliError, string> Save(TrainSettings s, ModelCard card, NetworkWeights weights, bool labelColumn) =>
        ModelStore.Save(s.Out, labelColumn ? card with { Preprocessing = card.Preprocessing with { LabelColumn = s.Label } } : card, weights);
}
