using System.Collections.Immutable;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// The ranking, probability and agreement scores of one prediction, by scikit-learn's names, for reports and the
/// model card. A score that is undefined on the data (ROC AUC with a class absent, κ of two constant labellings) is
/// left out rather than reported as NaN.
/// </summary>
public static class MetricSummary
{
    /// <summary>
    /// balanced_accuracy, mcc and kappa from the labels; with class <paramref name="probabilities"/> ([m × 1] of
    /// P(class 1), or [m × k]) also log_loss, roc_auc and average_precision (one-vs-rest macro for k &gt; 2), and
    /// brier for two classes or roc_auc_ovo and top_2_accuracy for more.
    /// </summary>
    public static ImmutableSortedDictionary<string, double> Classification(IReadOnlyList<int> actual, IReadOnlyList<int> predicted,
        Matrix<double>? probabilities)
    {
        var scores = new List<(string, Either<Error, double>)>
        {
            ("balanced_accuracy", BalancedAccuracy.Compute(actual, predicted)),
            ("mcc", MatthewsCorrelation.Compute(actual, predicted)),
            ("kappa", CohenKappa.Compute(actual, predicted)),
        };
        if (probabilities is not null)
        {
            scores.Add(("log_loss", ClassificationMetrics.LogLoss(actual, probabilities)));
            scores.Add(("roc_auc", RocAuc.Compute(actual, probabilities)));
            scores.Add(("average_precision", AveragePrecision.Compute(actual, probabilities)));
            if (probabilities.Cols <= 2) scores.Add(("brier", BrierScore.Compute(actual, probabilities)));
            else
            {
                scores.Add(("roc_auc_ovo", RocAuc.Compute(actual, probabilities, MulticlassScheme.OneVsOne)));
                scores.Add(("top_2_accuracy", TopKAccuracy.Compute(actual, probabilities, 2)));
            }
        }
        return Defined(scores);
    }

    /// <summary>explained_variance, median_absolute_error and mape averaged over outputs, and max_error for a single output.</summary>
    public static ImmutableSortedDictionary<string, double> Regression(Matrix<double> actual, Matrix<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        var scores = new List<(string, Either<Error, double>)>
        {
            ("explained_variance", RegressionMetrics.ExplainedVariance(actual, predicted)),
            ("median_absolute_error", RegressionMetrics.MedianAbsoluteError(actual, predicted)),
            ("mape", RegressionMetrics.MeanAbsolutePercentageError(actual, predicted)),
        };
        if (actual.Cols == 1) scores.Add(("max_error", RegressionMetrics.MaxError(actual.Span.ToArray(), predicted.Span.ToArray())));
        return Defined(scores);
    }

    private static ImmutableSortedDictionary<string, double> Defined(IEnumerable<(string Name, Either<Error, double> Score)> scores) =>
        scores.SelectMany(s => s.Score.Match(v => double.IsFinite(v) ? [(s.Name, v)] : Array.Empty<(string, double)>(), _ => []))
            .ToImmutableSortedDictionary(s => s.Item1, s => s.Item2, StringComparer.Ordinal);
}
