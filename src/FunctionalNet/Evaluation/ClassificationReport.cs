using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace FunctionalNet;

/// <summary>
/// Per-class precision, recall, F1 and support, with accuracy and the macro and weighted averages — the numbers
/// and text layout of scikit-learn's <c>classification_report</c> (1.2 semantics, including zero division).
/// </summary>
/// <param name="Classes">One row per class, in label order.</param>
/// <param name="Accuracy">Fraction correct.</param>
/// <param name="MacroAverage">Unweighted mean over classes.</param>
/// <param name="WeightedAverage">Mean over classes weighted by support.</param>
public sealed record ClassificationReport(ImmutableArray<ClassScores> Classes, double Accuracy, ClassScores MacroAverage, ClassScores WeightedAverage)
{
    /// <summary>Number of samples.</summary>
    public int Support => MacroAverage.Support;

    /// <summary>
    /// The report of <paramref name="predicted"/> against <paramref name="actual"/>. With
    /// <paramref name="classNames"/>, the classes are 0…k−1 for k names (absent ones included, like passing
    /// <c>labels=range(k), target_names=names</c>); without, the sorted labels that occur in either list, named by number.
    /// </summary>
    public static ClassificationReport Compute(IReadOnlyList<int> actual, IReadOnlyList<int> predicted,
        IReadOnlyList<string>? classNames = null, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        ClassificationMetrics.CheckPair(actual, predicted);
        int k = classNames?.Count ?? Math.Max(actual.Max(), predicted.Max()) + 1;
        var matrix = ConfusionMatrix.Compute(actual, predicted, k);
        var labels = classNames is not null
            ? Enumerable.Range(0, k)
            : Enumerable.Range(0, k).Where(c => matrix.ActualCount(c) + matrix.PredictedCount(c) > 0);
        double fallback = zeroDivision == ZeroDivision.One ? 1.0 : 0.0;
        var rows = labels.Select(c =>
        {
            int tp = matrix[c, c], predictedCount = matrix.PredictedCount(c), support = matrix.ActualCount(c);
            double precision = predictedCount == 0 ? fallback : (double)tp / predictedCount;
            double recall = support == 0 ? fallback : (double)tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new ClassScores(classNames?[c] ?? c.ToString(CultureInfo.InvariantCulture), precision, recall, f1, support);
        }).ToImmutableArray();
        int m = actual.Count;
        var macro = new ClassScores("macro avg", rows.Average(r => r.Precision), rows.Average(r => r.Recall), rows.Average(r => r.F1), m);
        var weighted = new ClassScores("weighted avg",
            rows.Sum(r => r.Precision * r.Support) / m, rows.Sum(r => r.Recall * r.Support) / m, rows.Sum(r => r.F1 * r.Support) / m, m);
        return new ClassificationReport(rows, matrix.Accuracy, macro, weighted);
    }

    /// <summary>
    /// The report as scikit-learn prints it: right-aligned names, 9-character columns with
    /// <paramref name="digits"/> decimals, a blank line, then accuracy, macro avg and weighted avg.
    /// </summary>
    public string ToText(int digits = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        const string LongestHeading = "weighted avg";
        int width = Math.Max(Math.Max(Classes.Max(c => c.Name.Length), LongestHeading.Length), digits);
        var text = new StringBuilder();
        text.Append(string.Empty.PadLeft(width)).Append(' ');
        foreach (var header in new[] { "precision", "recall", "f1-score", "support" }) text.Append(' ').Append(header.PadLeft(9));
        text.Append("\n\n");
        foreach (var row in Classes) Row(text, row, width, digits);
        text.Append('\n');
        text.Append("accuracy".PadLeft(width)).Append(' ').Append(' ', 20)
            .Append(' ').Append(Number(Accuracy, digits).PadLeft(9))
            .Append(' ').Append(Support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
        Row(text, MacroAverage, width, digits);
        Row(text, WeightedAverage, width, digits);
        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToText();

    private static void Row(StringBuilder text, ClassScores row, int width, int digits)
    {
        text.Append(row.Name.PadLeft(width)).Append(' ');
        foreach (double value in new[] { row.Precision, row.Recall, row.F1 }) text.Append(' ').Append(Number(value, digits).PadLeft(9));
        text.Append(' ').Append(row.Support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
    }

    // .NET's "F" formatting rounds the exact binary value half-to-even, as Python's format does.
    private static string Number(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
