using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>Scores of predicted classes and class probabilities against the actual classes.</summary>
public static class ClassificationMetrics
{
    // Machine epsilon of double, scikit-learn 1.2's eps="auto" clip for float64 probabilities.
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>Fraction of samples whose predicted label equals the actual one.</summary>
    public static double Accuracy(IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        CheckPair(actual, predicted);
        int correct = 0;
        for (int i = 0; i < actual.Count; i++) if (actual[i] == predicted[i]) correct++;
        return (double)correct / actual.Count;
    }

    /// <summary>
    /// Mean negative log-likelihood of the actual classes, −(1/m) Σ log p[i, y_i], as scikit-learn 1.2's
    /// <c>log_loss</c>: probabilities are clipped to [ε, 1 − ε] (ε = 2⁻⁵², double's machine epsilon) and each row
    /// renormalised. <paramref name="probabilities"/> is [m × k] with column j for class j, or [m × 1] holding
    /// P(class 1) of a binary problem.
    /// </summary>
    public static double LogLoss(IReadOnlyList<int> actual, Matrix<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (actual.Count == 0 || probabilities.Rows != actual.Count)
            throw new ArgumentException($"expected one probability row per sample ({actual.Count}), found {probabilities.Rows}", nameof(probabilities));
        bool binary = probabilities.Cols == 1;
        int k = binary ? 2 : probabilities.Cols;
        double total = 0;
        var buffer = new double[k];
        for (int i = 0; i < actual.Count; i++)
        {
            if ((uint)actual[i] >= (uint)k)
                throw new ArgumentException($"sample {i} has class {actual[i]}, expected 0…{k - 1} for {probabilities.Cols} probability column(s)", nameof(actual));
            if (binary)
            {
                buffer[1] = probabilities[i, 0];
                buffer[0] = 1 - buffer[1];
            }
            else probabilities.Row(i).CopyTo(buffer);
            double sum = 0;
            for (int j = 0; j < k; j++)
            {
                buffer[j] = Math.Clamp(buffer[j], Epsilon, 1 - Epsilon);
                sum += buffer[j];
            }
            total -= Math.Log(buffer[actual[i]] / sum);
        }
        return total / actual.Count;
    }

    internal static void CheckPair(IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"expected as many predictions as samples ({actual.Count}), found {predicted.Count}", nameof(predicted));
        if (actual.Count == 0) throw new ArgumentException("expected at least one sample, found none", nameof(actual));
    }
}
