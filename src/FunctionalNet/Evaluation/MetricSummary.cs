using System.Collections.Immutable;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// The scores of one prediction, by the names <see cref="Scorers"/> records them under and scikit-learn's for the
/// others, for reports and the model card. A score that is undefined on the data (ROC AUC with a class absent, κ of two constant labellings) is
/// left out rather than reported as NaN.
/// </summary>
public static class MetricSummary
{
    /// <summary>
    /// Every classification scorer's metric under its <see cref="Scorer.Key"/> (accuracy, balanced_accuracy, f1_macro,
    /// mcc, and with class <paramref name="probabilities"/> — [m × 1] of P(class 1), or [m × k] — log_loss, roc_auc and
    /// average_precision, one-vs-rest macro for k &gt; 2), and kappa; with probabilities also brier for two classes or
    /// roc_auc_ovo and top_2_accuracy for more.
    /// </summary>
    public static ImmutableSortedDictionary<string, double> Classification(IReadOnlyList<int> actual, IReadOnlyList<int> predicted,
        Matrix<double>? probabilities)
    {
        var scores = Catalog(ScorerTask.Classification, s => s.NeedsProbabilities && probabilities is null ? (Either<Error, double>?)null : s.Classes(actual, predicted, probabilities));
        scores.Add(("kappa", CohenKappa.Compute(actual, predicted)));
        if (probabilities is not null)
        {
            if (probabilities.Cols <= 2) scores.Add(("brier", BrierScore.Compute(actual, probabilities)));
            else
            {
                scores.Add(("roc_auc_ovo", RocAuc.Compute(actual, probabilities, MulticlassScheme.OneVsOne)));
                scores.Add(("top_2_accuracy", TopKAccuracy.Compute(actual, probabilities, 2)));
            }
        }
        return Defined(scores);
    }

    /// <summary>
    /// Every regression scorer's metric under its <see cref="Scorer.Key"/> (r2, mse, mae, explained_variance), averaged
    /// over outputs, and median_absolute_error and mape; max_error for a single output.
    /// </summary>
    public static ImmutableSortedDictionary<string, double> Regression(Matrix<double> actual, Matrix<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        var scores = Catalog(ScorerTask.Regression, s => s.Values(actual, predicted));
        scores.Add(("median_absolute_error", RegressionMetrics.MedianAbsoluteError(actual, predicted)));
        scores.Add(("mape", RegressionMetrics.MeanAbsolutePercentageError(actual, predicted)));
        if (actual.Cols == 1) scores.Add(("max_error", RegressionMetrics.MaxError(actual.Span.ToArray(), predicted.Span.ToArray())));
        return Defined(scores);
    }

    // The catalog's metrics of the task, by the name they are recorded under, as the plain error or loss; a scorer whose
    // input is missing (null) is left out.
    private static List<(string Name, Either<Error, double> Score)> Catalog(ScorerTask task, Func<Scorer, Either<Error, double>?> score) =>
        [.. Scorers.All.Where(s => s.Task == task).SelectMany(s => score(s) is { } value ? [(s.Key, s.Plain(value))] : Array.Empty<(string, Either<Error, double>)>())];

    private static ImmutableSortedDictionary<string, double> Defined(IEnumerable<(string Name, Either<Error, double> Score)> scores) =>
        scores.SelectMany(s => s.Score.Match(v => double.IsFinite(v) ? [(s.Name, v)] : Array.Empty<(string, double)>(), _ => []))
            .ToImmutableSortedDictionary(s => s.Item1, s => s.Item2, StringComparer.Ordinal);
}
