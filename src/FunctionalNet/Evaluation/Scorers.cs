using System.Collections.Immutable;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// The catalog of scores a model can be ranked or judged by, under scikit-learn's <c>scoring</c> names, with the
/// short and hyphenated spellings the command line has taken as aliases, and the one name (<see cref="Scorer.Key"/>)
/// each metric is recorded under: the one table of metric names.
/// </summary>
public static class Scorers
{
    /// <summary>Every scorer, classification ones first, in the order help text lists them.</summary>
    public static readonly ImmutableArray<Scorer> All =
    [
        Scorer.OfLabels("accuracy", [], (y, p) => ClassificationMetrics.Accuracy(y, p)),
        Scorer.OfLabels("balanced_accuracy", ["balanced-accuracy"], (y, p) => BalancedAccuracy.Compute(y, p)),
        Scorer.OfLabels("f1_macro", ["f1-macro"], (y, p) => ClassificationReport.Compute(y, p).MacroAverage.F1),
        Scorer.OfLabels("matthews_corrcoef", ["mcc"], (y, p) => MatthewsCorrelation.Compute(y, p), key: "mcc"),
        Scorer.OfProbabilities("neg_log_loss", true, ["log_loss", "log-loss", "neg-log-loss"], (y, p) => -ClassificationMetrics.LogLoss(y, p), key: "log_loss"),
        Scorer.OfProbabilities("roc_auc", false, ["roc-auc"], (y, p) => RocAuc.Compute(y, p)),
        Scorer.OfProbabilities("average_precision", false, ["average-precision"], (y, p) => AveragePrecision.Compute(y, p)),
        Scorer.OfValues("r2", false, [], (y, p) => RegressionMetrics.R2(y, p)),
        Scorer.OfValues("neg_mean_squared_error", true, ["neg_mse", "neg-mse", "neg-mean-squared-error", "mse"], (y, p) => -RegressionMetrics.MeanSquaredError(y, p), key: "mse"),
        Scorer.OfValues("neg_mean_absolute_error", true, ["neg_mae", "neg-mae", "neg-mean-absolute-error", "mae"], (y, p) => -RegressionMetrics.MeanAbsoluteError(y, p), key: "mae"),
        Scorer.OfValues("explained_variance", false, ["explained-variance"], (y, p) => RegressionMetrics.ExplainedVariance(y, p)),
    ];

    /// <summary>The default score of a task, as scikit-learn's <c>score</c>: accuracy, or R² for a regression.</summary>
    public static Scorer Default(ScorerTask task) => All.First(s => s.Task == task);

    /// <summary>The scorer a name or alias (trimmed, any case) names, if any.</summary>
    public static Option<Scorer> Find(string name) =>
        All.FirstOrDefault(s => s.Answers(name)) is { } scorer ? Prelude.Some(scorer) : Option<Scorer>.None;

    /// <summary>The names of the scorers of <paramref name="task"/>, for help text and refusals.</summary>
    public static IEnumerable<string> Names(ScorerTask task) => All.Where(s => s.Task == task).Select(s => s.Name);
}
