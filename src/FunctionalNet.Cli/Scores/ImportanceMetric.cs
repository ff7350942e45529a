using FunctionalNet.Formats;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.Scores;

/// <summary>
/// The scores <c>fnet importance</c> can rank features by, each higher-is-better as scikit-learn's scorers (losses
/// negated, like <c>neg_log_loss</c>), so an importance is always the score's drop when a column is shuffled.
/// </summary>
internal static class ImportanceMetric
{
    public static readonly string[] ForClassifiers = ["accuracy", "balanced-accuracy", "mcc", "log-loss", "roc-auc", "average-precision"];

    public static readonly string[] ForRegressors = ["r2", "neg-mse", "neg-mae", "explained-variance"];

    private static readonly string[] Probabilistic = ["log-loss", "roc-auc", "average-precision"];

    /// <summary>
    /// The model's score of rows against <paramref name="labels"/> or <paramref name="values"/>, by name; a null
    /// name is scikit-learn's default <c>score</c> (accuracy, or R² for a regressor). The score is an error value
    /// where the metric is undefined on the data (ROC AUC with a class absent).
    /// </summary>
    public static Either<CliError, Func<Matrix<double>, Either<Error, double>>> For(SavedEstimator model, string? name,
        IReadOnlyList<int>? labels, Matrix<double>? values) =>
        model.Match(c => Classifier(c, name ?? "accuracy", labels!), r => Regressor(r, name ?? "r2", values!));

    private static Either<CliError, Func<Matrix<double>, Either<Error, double>>> Classifier(Classifier model, string name, IReadOnlyList<int> labels)
    {
        if (Probabilistic.Contains(name) && !model.HasProbabilities)
            return Refused($"--metric {name} needs class probabilities, which this model's output layer does not give; use accuracy, balanced-accuracy or mcc");
        Func<Matrix<double>, Either<Error, double>>? score = name switch
        {
            "accuracy" => x => ClassificationMetrics.Accuracy(labels, model.PredictIndices(x)),
            "balanced-accuracy" => x => BalancedAccuracy.Compute(labels, model.PredictIndices(x)),
            "mcc" => x => MatthewsCorrelation.Compute(labels, model.PredictIndices(x)),
            "log-loss" => x => -ClassificationMetrics.LogLoss(labels, model.PredictProba(x)),
            "roc-auc" => x => RocAuc.Compute(labels, model.PredictProba(x)),
            "average-precision" => x => AveragePrecision.Compute(labels, model.PredictProba(x)),
            _ => null,
        };
        return score is null ? Refused($"--metric {name} is not a classifier metric; expected one of {string.Join(", ", ForClassifiers)}") : score;
    }

    private static Either<CliError, Func<Matrix<double>, Either<Error, double>>> Regressor(Regressor model, string name, Matrix<double> values)
    {
        Func<Matrix<double>, Either<Error, double>>? score = name switch
        {
            "r2" => x => RegressionMetrics.R2(values, model.Predict(x)),
            "neg-mse" => x => -RegressionMetrics.MeanSquaredError(values, model.Predict(x)),
            "neg-mae" => x => -RegressionMetrics.MeanAbsoluteError(values, model.Predict(x)),
            "explained-variance" => x => RegressionMetrics.ExplainedVariance(values, model.Predict(x)),
            _ => null,
        };
        return score is null ? Refused($"--metric {name} is not a regression metric; expected one of {string.Join(", ", ForRegressors)}") : score;
    }

    private static Either<CliError, Func<Matrix<double>, Either<Error, double>>> Refused(string message) =>
        new CliError(new Error("importance.metric", message));
}
