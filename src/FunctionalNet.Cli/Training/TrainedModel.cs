using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The end of <c>fnet train</c>: the run's parameters as the library's <see cref="Classifier"/> or <see cref="Regressor"/>,
/// carrying how they were trained (the training section with the full <see cref="FunctionalNet.MlpOptions"/>),
/// saved through the library's card (<see cref="ModelDirectory.Card(Classifier)"/>) with the label column the data named.
/// </summary>
internal static class TrainedModel
{
    public static Either<CliError, string> SaveClassifier<T>(TrainSettings s, Architecture arch, Parameters<T> kept, TrainOutcome result,
        SortedDictionary<string, double> metrics, ScalerCard? scaler, ImmutableArray<string> classes, ImmutableArray<string> features,
        ImmutableArray<double> classWeights, bool labelColumn = true, Data.Preprocessing.TablePreprocessing? table = null, int? shuffleWindow = null,
        Func<Classifier, Either<Error, Classifier>>? decide = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        from weights in NetworkWeights.Of(kept).MapLeft(e => new CliError(e))
        from model in Classifier.Create(arch, weights, scaler, classes, features, Summary(s, arch, result, metrics, classWeights, classes, shuffleWindow))
            .Bind(c => c.WithPreprocessing(table)).Bind(c => decide is null ? c : decide(c)).MapLeft(e => new CliError(e))
        from saved in Save(s, ModelDirectory.Card(model), kept, labelColumn)
        select saved;

    public static Either<CliError, string> SaveRegressor<T>(TrainSettings s, Architecture arch, Parameters<T> kept, TrainOutcome result,
        SortedDictionary<string, double> metrics, ScalerCard? scaler, ScalerCard? targetScaler, ImmutableArray<string> targets, ImmutableArray<string> features,
        Data.Preprocessing.TablePreprocessing? table = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        from weights in NetworkWeights.Of(kept).MapLeft(e => new CliError(e))
        from model in Regressor.Create(arch, weights, scaler, targetScaler, targets, features, Summary(s, arch, result, metrics, default, []))
            .Bind(r => r.WithPreprocessing(table)).MapLeft(e => new CliError(e))
        from saved in Save(s, ModelDirectory.Card(model), kept, labelColumn: true)
        select saved;

    private static Either<CliError, string> Save<T>(TrainSettings s, ModelCard card, Parameters<T> kept, bool labelColumn) where T : unmanaged, IFloatingPointIeee754<T> =>
        ModelStore.Save(s.Out, labelColumn ? card with { Preprocessing = card.Preprocessing with { LabelColumn = s.Label } } : card, kept);

    // What the card says about training: the data, the split, how the run ended, the class weights and the options.
    private static TrainingSummary Summary(TrainSettings s, Architecture arch, TrainOutcome result, SortedDictionary<string, double> metrics,
        ImmutableArray<double> classWeights, ImmutableArray<string> classes, int? shuffleWindow = null)
    {
        var all = new SortedDictionary<string, double>(metrics, StringComparer.Ordinal);
        if (result.Kept.ValidationCost is { } validationCost) all["validation_cost"] = validationCost;
        return new TrainingSummary(result.Kept.Epoch, result.Kept.Step, result.StopMessage,
            all.Where(p => double.IsFinite(p.Value)).ToImmutableSortedDictionary(StringComparer.Ordinal))
        {
            // The library's training section of the run's options; the test part is the shell's, not the fit's.
            Training = TrainingCard.Of(s.Mlp(arch), s.Data, result.EpochsRun, result.StopMessage).WithClassWeights(classWeights, classes) with
            {
                TestSplit = s.TestData is null ? s.TestSplit : 0,
                ShuffleWindow = shuffleWindow,
            },
        };
    }
}
