using FunctionalNet.Data;
using FunctionalNet.Calculus;
using FunctionalNet.Cli.Training;
using FunctionalNet.Model;

namespace FunctionalNet.Cli.Scores;

/// <summary>
/// A fitted model's scores on the rows its network trained on (the plan's <c>TrainRows</c>, already scaled, the
/// validation part held out), through the saved weights: what <c>fnet train</c> reports and every sweep trial records.
/// </summary>
internal static class TrainedRowScores
{
    /// <summary>The classifier's accuracy on <paramref name="scaled"/> rows (its network's largest output, no decision threshold).</summary>
    public static double Accuracy(Classifier model, Dataset scaled) =>
        ClassificationMetrics.Accuracy(scaled.Labels, Network.Labels(model.Weights.Outputs(model.Architecture, scaled.Features)));

    /// <summary>The regressor's scores on <paramref name="scaled"/> rows in the targets' own units: the standardisation inverted.</summary>
    public static RegressionScores Regression(Regressor model, Dataset scaled) =>
        RegressionScores.Compute(model.TargetScaler!.Invert(((ValueTargets)scaled.Targets).Values),
            model.TargetScaler.Invert(model.Weights.Outputs(model.Architecture, scaled.Features)));
}
