using FunctionalNet.Tensors;

namespace FunctionalNet;

// Explained variance and the robust and relative errors, with the same per-output averaging as the squared and
// absolute errors in RegressionMetrics.cs.
public static partial class RegressionMetrics
{
    // numpy's float64 machine epsilon, the floor scikit-learn puts under |y| in the percentage error.
    private const double PercentageFloor = 2.220446049250313e-16;

    /// <summary>
    /// Explained variance 1 − Var(y − ŷ) / Var(y) per output, averaged (scikit-learn 1.2's
    /// <c>explained_variance_score</c>); unlike R² a constant bias is not penalised. A constant output scores 1 when
    /// the residuals are constant too and 0 otherwise (<c>force_finite</c>).
    /// </summary>
    public static double ExplainedVariance(Matrix<double> actual, Matrix<double> predicted) =>
        PerOutput(actual, predicted, (y, yhat) =>
        {
            double meanResidual = 0, meanY = y.Average();
            for (int i = 0; i < y.Length; i++) meanResidual += y[i] - yhat[i];
            meanResidual /= y.Length;
            double numerator = 0, denominator = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double r = y[i] - yhat[i] - meanResidual;
                numerator += r * r;
                denominator += (y[i] - meanY) * (y[i] - meanY);
            }
            numerator /= y.Length;
            denominator /= y.Length;
            return denominator == 0 ? (numerator == 0 ? 1.0 : 0.0) : 1 - numerator / denominator;
        });

    /// <summary>The largest absolute error max |y − ŷ| of one output (scikit-learn's <c>max_error</c>, which has no multi-output form).</summary>
    public static double MaxError(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) =>
        PerOutput(Column(actual), Column(predicted), (y, yhat) => y.Zip(yhat, (a, b) => Math.Abs(a - b)).Max());

    /// <summary>The median of |y − ŷ| per output (the mean of the two middle values for an even count), averaged (scikit-learn's <c>median_absolute_error</c>).</summary>
    public static double MedianAbsoluteError(Matrix<double> actual, Matrix<double> predicted) =>
        PerOutput(actual, predicted, (y, yhat) =>
        {
            var errors = y.Zip(yhat, (a, b) => Math.Abs(a - b)).Order().ToArray();
            int middle = errors.Length / 2;
            return errors.Length % 2 == 1 ? errors[middle] : (errors[middle - 1] + errors[middle]) / 2;
        });

    /// <summary>
    /// Mean absolute percentage error (1/m) Σ |y − ŷ| / max(|y|, ε) per output, averaged, with ε double's machine
    /// epsilon (scikit-learn's <c>mean_absolute_percentage_error</c>): a fraction, not a percentage, and huge when some y is 0.
    /// </summary>
    public static double MeanAbsolutePercentageError(Matrix<double> actual, Matrix<double> predicted) =>
        PerOutput(actual, predicted, (y, yhat) =>
        {
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += Math.Abs(yhat[i] - y[i]) / Math.Max(Math.Abs(y[i]), PercentageFloor);
            return sum / y.Length;
        });
}
