using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// The Brier score of a binary classifier, scikit-learn 1.2's <c>brier_score_loss</c>: the mean squared difference
/// (1/m) Σ (pᵢ − yᵢ)² between P(class 1) and the 0/1 label; lower is better.
/// </summary>
public static class BrierScore
{
    /// <summary>The score of probabilities of class 1; an error for a probability outside [0, 1], as scikit-learn raises.</summary>
    public static Either<Error, double> Binary(IReadOnlyList<int> actual, IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return Compute(actual, Matrix<double>.Own(probabilities.Count, 1, [.. probabilities]));
    }

    /// <summary>
    /// The score of one column of P(class 1) or two columns of class probabilities (class 1's used); an error for
    /// more columns (scikit-learn's Brier score is binary only) or a probability outside [0, 1].
    /// </summary>
    public static Either<Error, double> Compute(IReadOnlyList<int> actual, Matrix<double> probabilities) =>
        ScoreInputs.Classes("Brier score", actual, probabilities).Bind(Either<Error, double> (int k) =>
        {
            if (k != 2) return new Error("metric.binary-only", $"the Brier score is defined for two classes, found {k} probability columns");
            var p = ScoreInputs.Column(probabilities, 1);
            int outside = Array.FindIndex(p, v => v is < 0 or > 1);
            if (outside >= 0) return new Error("metric.not-probabilities", $"Brier score: row {outside} has P(class 1) = {p[outside]}, expected a value in [0, 1]");
            double sum = 0;
            for (int i = 0; i < p.Length; i++) sum += (p[i] - actual[i]) * (p[i] - actual[i]);
            return sum / p.Length;
        });
}
