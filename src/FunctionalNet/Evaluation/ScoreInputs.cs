using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>Checks shared by the metrics of class scores: one score row per sample, finite scores, labels in range.</summary>
internal static class ScoreInputs
{
    /// <summary>
    /// The number of classes k the score matrix stands for (2 for one column of P(class 1)), or the first problem:
    /// a row count that differs from the labels', no samples, a non-finite score, or a label outside 0…k−1.
    /// </summary>
    public static Either<Error, int> Classes(string metric, IReadOnlyList<int> actual, Matrix<double> scores)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(scores);
        if (actual.Count == 0) return new Error("metric.empty", $"{metric} needs at least one sample, found none");
        if (scores.Rows != actual.Count)
            return new Error("metric.shape", $"{metric} expected one score row per sample ({actual.Count}), found {scores.Rows}");
        int k = scores.Cols == 1 ? 2 : scores.Cols;
        for (int i = 0; i < scores.Rows; i++)
            for (int j = 0; j < scores.Cols; j++)
                if (!double.IsFinite(scores[i, j]))
                    return new Error("metric.non-finite", $"{metric}: score row {i}, column {j} is {scores[i, j]}, expected a finite number");
        for (int i = 0; i < actual.Count; i++)
            if ((uint)actual[i] >= (uint)k)
                return new Error("metric.label", $"{metric}: sample {i} has class {actual[i]}, expected 0…{k - 1} for {scores.Cols} score column(s)");
        return k;
    }

    /// <summary>The score of class <paramref name="label"/> on each row; one column holds P(class 1), so class 0's is 1 − p.</summary>
    public static double[] Column(Matrix<double> scores, int label)
    {
        var column = new double[scores.Rows];
        for (int i = 0; i < scores.Rows; i++)
            column[i] = scores.Cols == 1 ? (label == 1 ? scores[i, 0] : 1 - scores[i, 0]) : scores[i, label];
        return column;
    }

    /// <summary>The class support counts 0…k−1.</summary>
    public static int[] Support(IReadOnlyList<int> actual, int k)
    {
        var support = new int[k];
        foreach (int y in actual) support[y]++;
        return support;
    }

    /// <summary>An error naming the first class with no samples when every class must be present, as scikit-learn requires.</summary>
    public static Option<Error> MissingClass(string metric, int[] support)
    {
        int absent = Array.IndexOf(support, 0);
        return absent < 0
            ? Option<Error>.None
            : new Error("metric.single-class",
                $"{metric} is undefined when class {absent} has no samples: the {support.Length} score columns need every class present among the actual labels");
    }

    /// <summary>numpy's <c>average</c>: the plain mean, or Σ wᵢxᵢ / Σ wᵢ.</summary>
    public static double Averaged(double[] values, double[]? weights)
    {
        if (weights is null) return values.Sum() / values.Length;
        double sum = 0;
        for (int i = 0; i < values.Length; i++) sum += values[i] * weights[i];
        return sum / weights.Sum();
    }

}
