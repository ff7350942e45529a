using System.Collections.Immutable;
using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>
/// Scores of a predicted 0/1 label-indicator matrix against the actual one ([m × labels] each), by scikit-learn's
/// definitions: subset accuracy (<c>accuracy_score</c>), <c>hamming_loss</c>, and F1 averaged over all cells
/// (<c>micro</c>), over labels (<c>macro</c>) or over rows (<c>samples</c>). Precision or recall with a zero
/// denominator takes the <see cref="ZeroDivision"/> value, and F1 is 0 where both are 0, as in scikit-learn 1.2.
/// </summary>
public static class MultiLabelMetrics
{
    /// <summary>Fraction of rows whose every label is predicted right (scikit-learn's <c>accuracy_score</c> on indicators).</summary>
    public static double SubsetAccuracy(Matrix<double> actual, Matrix<double> predicted)
    {
        Check(actual, predicted);
        int exact = 0;
        for (int r = 0; r < actual.Rows; r++)
        {
            bool all = true;
            for (int c = 0; c < actual.Cols && all; c++) all = On(actual[r, c]) == On(predicted[r, c]);
            if (all) exact++;
        }
        return (double)exact / actual.Rows;
    }

    /// <summary>Fraction of label cells predicted wrong (scikit-learn's <c>hamming_loss</c>).</summary>
    public static double HammingLoss(Matrix<double> actual, Matrix<double> predicted)
    {
        Check(actual, predicted);
        int wrong = 0;
        for (int r = 0; r < actual.Rows; r++)
            for (int c = 0; c < actual.Cols; c++)
                if (On(actual[r, c]) != On(predicted[r, c])) wrong++;
        return (double)wrong / ((double)actual.Rows * actual.Cols);
    }

    /// <summary>F1 of the true and false positives and false negatives counted over every cell (<c>average="micro"</c>).</summary>
    public static double F1Micro(Matrix<double> actual, Matrix<double> predicted, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        Check(actual, predicted);
        return F1(Counts(actual, predicted, _ => true, _ => true), zeroDivision);
    }

    /// <summary>The unweighted mean over labels of each label's F1 (<c>average="macro"</c>).</summary>
    public static double F1Macro(Matrix<double> actual, Matrix<double> predicted, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        PerLabelF1(actual, predicted, zeroDivision).Average();

    /// <summary>Each label's F1, in column order (<c>average=None</c>).</summary>
    public static ImmutableArray<double> PerLabelF1(Matrix<double> actual, Matrix<double> predicted, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        Check(actual, predicted);
        return [.. Enumerable.Range(0, actual.Cols).Select(label => F1(Counts(actual, predicted, _ => true, c => c == label), zeroDivision))];
    }

    /// <summary>The mean over rows of each row's F1 across its labels (<c>average="samples"</c>).</summary>
    public static double F1Samples(Matrix<double> actual, Matrix<double> predicted, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        Check(actual, predicted);
        return Enumerable.Range(0, actual.Rows).Average(row => F1(Counts(actual, predicted, r => r == row, _ => true), zeroDivision));
    }

    /// <summary>Every score above by name (subset_accuracy, hamming_loss, f1_micro, f1_macro, f1_samples), for reports and the model card.</summary>
    public static ImmutableSortedDictionary<string, double> Summary(Matrix<double> actual, Matrix<double> predicted) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new KeyValuePair<string, double>[]
        {
            new("subset_accuracy", SubsetAccuracy(actual, predicted)),
            new("hamming_loss", HammingLoss(actual, predicted)),
            new("f1_micro", F1Micro(actual, predicted)),
            new("f1_macro", F1Macro(actual, predicted)),
            new("f1_samples", F1Samples(actual, predicted)),
        });

    private static (long Tp, long Fp, long Fn) Counts(Matrix<double> actual, Matrix<double> predicted, Func<int, bool> row, Func<int, bool> column)
    {
        long tp = 0, fp = 0, fn = 0;
        for (int r = 0; r < actual.Rows; r++)
        {
            if (!row(r)) continue;
            for (int c = 0; c < actual.Cols; c++)
            {
                if (!column(c)) continue;
                bool y = On(actual[r, c]), p = On(predicted[r, c]);
                if (y && p) tp++;
                else if (p) fp++;
                else if (y) fn++;
            }
        }
        return (tp, fp, fn);
    }

    private static double F1((long Tp, long Fp, long Fn) n, ZeroDivision zeroDivision)
    {
        double none = zeroDivision == ZeroDivision.One ? 1 : 0;
        double precision = n.Tp + n.Fp == 0 ? none : (double)n.Tp / (n.Tp + n.Fp);
        double recall = n.Tp + n.Fn == 0 ? none : (double)n.Tp / (n.Tp + n.Fn);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    private static bool On(double v) => v != 0;

    // The caller's mistake, as in scikit-learn: both matrices hold 0/1 indicators of the same shape with at least one row.
    private static void Check(Matrix<double> actual, Matrix<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Rows != predicted.Rows || actual.Cols != predicted.Cols)
            throw new ArgumentException($"expected indicator matrices of one shape, found {actual.Rows}×{actual.Cols} and {predicted.Rows}×{predicted.Cols}", nameof(predicted));
        if (actual.Rows == 0 || actual.Cols == 0) throw new ArgumentException("cannot score no rows or no labels", nameof(actual));
        foreach (var m in (Matrix<double>[])[actual, predicted])
            foreach (double v in m.Span)
                if (v is not (0.0 or 1.0)) throw new ArgumentException($"label indicators must be 0 or 1, found {v}", m == actual ? nameof(actual) : nameof(predicted));
    }
}
