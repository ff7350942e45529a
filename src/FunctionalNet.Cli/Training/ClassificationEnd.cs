using System.Globalization;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Tensors;
using FunctionalNet.Training;
using LanguageExt;
using Spectre.Console;

namespace FunctionalNet.Cli.Training;

/// <summary>What a classification's pictures draw besides the costs and the test part: the boundary's points (2-feature data held in memory) and the uncalibrated scores.</summary>
/// <param name="FeatureNames">The features' names, for the axes.</param>
/// <param name="Points">Every row's raw features for the boundary picture, or null for none.</param>
/// <param name="Labels">The labels of <paramref name="Points"/>.</param>
/// <param name="Grid">The model's outputs over raw grid points.</param>
/// <param name="Uncalibrated">The test part's scores before --calibrate (null when not calibrated), computed only when asked.</param>
internal sealed record ClassificationPictures(IReadOnlyList<string> FeatureNames, Matrix<double>? Points, IReadOnlyList<int>? Labels,
    Func<Matrix<double>, Matrix<double>> Grid, Func<Matrix<double>?> Uncalibrated);

/// <summary>
/// The end of every classification run, from a file or a cache (as <see cref="Commands.TrainCommand.FinishRegression"/>
/// is a regression's): the card's metrics (train accuracy and cost, test accuracy and the test part's scikit-learn
/// scores), the model <c>saved</c> builds from them written, the pictures, the summary with the classification report and
/// confusion matrix, and the checkpoint outcome.
/// </summary>
internal static class ClassificationEnd
{
    /// <summary>
    /// Ends the run: <paramref name="testOutputs"/> (the test part's class scores) is called once, when the network's
    /// outputs are probabilities and the test part has rows.
    /// </summary>
    public static Either<CliError, int> Finish(TrainSettings s, Architecture arch, TrainOutcome result, double trainAccuracy, double trainCost,
        IReadOnlyList<int> testTruth, IReadOnlyList<int> testPredicted, IReadOnlyList<string> classes, Func<Matrix<double>> testOutputs,
        ClassificationPictures drawn, Terminal terminal, Func<SortedDictionary<string, double>, Either<Error, Classifier>> saved)
    {
        var confusion = ConfusionMatrix.Compute(testTruth, testPredicted, classes.Count);
        var report = ClassificationReport.Compute(testTruth, testPredicted, classes);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["train_accuracy"] = trainAccuracy,
            ["test_accuracy"] = report.Accuracy,
            // Exact, whatever the epochs reported (a running mean is of costs at several parameter values).
            ["train_cost"] = trainCost,
        };
        var probabilities = Classifier.GivesProbabilities(arch) && testTruth.Count > 0 ? testOutputs() : null;
        Scores.TestPartMetrics.Add(metrics, arch, testTruth, testPredicted, () => probabilities!);
        return
            from model in saved(metrics).MapLeft(e => new CliError(e))
            from written in TrainedModel.Save(s, model)
            from pictures in Files.Guard<IReadOnlyList<string>>(s.Out, "model directory", () => Prelude.Right<CliError, IReadOnlyList<string>>(
                Pictures.Write(s, arch, new ImmutableCosts(result.TrainingCosts, result.ValidationCosts), result.Kept.Epoch, drawn.FeatureNames,
                    drawn.Points, drawn.Labels, drawn.Grid, confusion, classes, probabilities is null ? null : (testTruth, probabilities), drawn.Uncalibrated())))
            let code = Summary(terminal, s, result, trainAccuracy, report, confusion, classes, pictures)
            from checkpointed in Commands.TrainCommand.CheckpointOutcome(result.CheckpointFailure, result.Last.Epoch, code)
            select checkpointed;
    }

    private static int Summary(Terminal terminal, TrainSettings s, TrainOutcome result, double trainAccuracy, ClassificationReport report,
        ConfusionMatrix confusion, IReadOnlyList<string> classes, IReadOnlyList<string> pictures)
    {
        var output = terminal.Out;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped  after {result.EpochsRun} epochs ({result.StopMessage}); kept epoch {result.Kept.Epoch}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy train {trainAccuracy:F4}, test {report.Accuracy:F4}"));
        if (!s.Quiet)
        {
            IAnsiConsole console = Tables.ConsoleFor(terminal);
            console.Write(Tables.Report(report));
            console.Write(Tables.Confusion(confusion, classes));
        }
        output.WriteLine($"saved    {Path.Combine(s.Out, ModelStore.WeightsFile)}, {Path.Combine(s.Out, ModelStore.CardFile)}");
        output.WriteLine($"drew     {string.Join(", ", pictures)}");
        return result.Stop == StopKind.Interrupted ? ExitCode.Interrupted : ExitCode.Ok;
    }
}
