using FunctionalNet.Formats;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.Scores;

/// <summary>
/// The catalog <see cref="Scorers"/> <c>fnet importance</c> can rank features by, each higher-is-better as
/// scikit-learn's scorers (losses negated, like <c>neg_log_loss</c>), so an importance is always the score's drop
/// when a column is shuffled.
/// </summary>
internal static class ImportanceMetric
{
    /// <summary>
    /// The model's score of rows against <paramref name="labels"/> or <paramref name="values"/>, by scorer name or
    /// alias; a null name is scikit-learn's default <c>score</c> (accuracy, or R² for a regressor). The score is an
    /// error value where the metric is undefined on the data (ROC AUC with a class absent).
    /// </summary>
    public static Either<CliError, Func<Matrix<double>, Either<Error, double>>> For(SavedEstimator model, string? name,
        IReadOnlyList<int>? labels, Matrix<double>? values)
    {
        if (model is SavedEstimator.OfMultiLabel multiLabel) return MultiLabel(multiLabel.Model, name, values!);
        var task = model.Match(_ => ScorerTask.Classification, _ => ScorerTask.Regression, _ => ScorerTask.Classification);
        var scorer = name is null ? Scorers.Default(task) : Scorers.Find(name).Filter(s => s.Task == task).IfNoneUnsafe((Scorer?)null);
        if (scorer is null)
            return Refused(task == ScorerTask.Classification
                ? $"--metric {name} is not a classifier metric; expected one of {string.Join(", ", Scorers.Names(task))}"
                : $"--metric {name} is not a regression metric; expected one of {string.Join(", ", Scorers.Names(task))}");
        return model.Match(c => Classifier(c, scorer, name ?? scorer.Name, labels!), r => Regressor(r, scorer, values!), m => MultiLabel(m, name, values!));
    }

    // A multi-label model is ranked by its own score, subset accuracy (scikit-learn's score on indicator targets).
    private static Either<CliError, Func<Matrix<double>, Either<Error, double>>> MultiLabel(MultiLabelClassifier model, string? name, Matrix<double> indicators) =>
        name is null or "accuracy" or "subset_accuracy"
            ? (Func<Matrix<double>, Either<Error, double>>)(x => MultiLabelMetrics.SubsetAccuracy(indicators, model.Predict(x)))
            : Refused($"--metric {name}: a multi-label model is ranked by its subset accuracy (--metric accuracy, the default)");

    private static Either<CliError, Func<Matrix<double>, Either<Error, double>>> Classifier(Classifier model, Scorer scorer, string name, IReadOnlyList<int> labels)
    {
        if (scorer.NeedsProbabilities && !model.HasProbabilities)
            return Refused($"--metric {name} needs class probabilities, which this model's output layer does not give; use one of "
                + string.Join(", ", Scorers.All.Where(s => s.Task == ScorerTask.Classification && !s.NeedsProbabilities).Select(s => s.Name)));
        return (Func<Matrix<double>, Either<Error, double>>)(x => scorer.NeedsProbabilities
            ? scorer.Classes(labels, null, model.PredictProba(x))
            : scorer.Classes(labels, model.PredictIndices(x), null));
    }

    private static Either<CliError, Func<Matrix<double>, Either<Error, double>>> Regressor(Regressor model, Scorer scorer, Matrix<double> values) =>
        (Func<Matrix<double>, Either<Error, double>>)(x => scorer.Values(values, model.Predict(x)));

    private static Either<CliError, Func<Matrix<double>, Either<Error, double>>> Refused(string message) =>
        new CliError(new Error("importance.metric", message));
}
