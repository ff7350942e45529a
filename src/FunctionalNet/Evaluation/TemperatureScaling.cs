using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// Temperature scaling (Guo et al. 2017): one temperature T &gt; 0 dividing a softmax network's logits, fitted on
/// held-out rows to minimise their mean log-loss. It leaves every row's ranking of the classes, so the predictions,
/// unchanged and only softens (T &gt; 1) or sharpens (T &lt; 1) the probabilities.
/// </summary>
public static class TemperatureScaling
{
    private const double MinInverse = 1e-6, MaxInverse = 1e6;

    /// <summary>
    /// The temperature minimising the mean −log softmax(zᵢ / T)[yᵢ]. <paramref name="logits"/> may be log-probabilities:
    /// softmax ignores a constant added to a row. The loss is convex in β = 1/T, so β is found by bisection on the
    /// sign of its derivative, mean(E_softmax(βz)[z] − z_y), to the last bit.
    /// </summary>
    /// <returns>
    /// An error for differing lengths, no rows, a label outside the columns or a non-finite logit; or when the loss
    /// falls without end (β past 10⁶: the rows are separated, no finite temperature is best) or is least at β ≤ 10⁻⁶
    /// (the logits carry no information).
    /// </returns>
    public static Either<Error, double> Fit(IReadOnlyList<int> actual, Matrix<double> logits)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(logits);
        if (actual.Count != logits.Rows || actual.Count == 0)
            return new Error("calibration.rows", $"temperature scaling needs one row of logits per label and at least one row, found {logits.Rows} and {actual.Count}");
        for (int i = 0; i < logits.Rows; i++)
        {
            if (actual[i] < 0 || actual[i] >= logits.Cols)
                return new Error("calibration.rows", $"row {i} has label {actual[i]}, expected 0…{logits.Cols - 1}");
            for (int j = 0; j < logits.Cols; j++)
                if (!double.IsFinite(logits[i, j])) return new Error("calibration.rows", $"row {i} has logit {logits[i, j]} in column {j}");
        }
        if (Slope(actual, logits, MinInverse) >= 0)
            return new Error("calibration.uninformative", "temperature scaling: the log-loss is least with every class equally likely; the logits carry no information");
        if (Slope(actual, logits, MaxInverse) <= 0)
            return new Error("calibration.separable", "temperature scaling: the log-loss keeps falling as the temperature goes to 0; the held-out rows are separated");
        double lo = MinInverse, hi = MaxInverse;
        // Bisection in log β: 200 halvings of a 27-unit interval reach adjacent doubles.
        for (int step = 0; step < 200; step++)
        {
            double mid = Math.Sqrt(lo * hi);
            if (mid <= lo || mid >= hi) break;
            if (Slope(actual, logits, mid) < 0) lo = mid;
            else hi = mid;
        }
        return 1 / Math.Sqrt(lo * hi);
    }

    /// <summary>Mean log-loss of softmax(z / <paramref name="temperature"/>) on the labels.</summary>
    public static double LogLoss(IReadOnlyList<int> actual, Matrix<double> logits, double temperature)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(logits);
        double sum = 0;
        for (int i = 0; i < logits.Rows; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < logits.Cols; j++) max = Math.Max(max, logits[i, j] / temperature);
            double total = 0;
            for (int j = 0; j < logits.Cols; j++) total += Math.Exp(logits[i, j] / temperature - max);
            sum += max + Math.Log(total) - logits[i, actual[i]] / temperature;
        }
        return sum / logits.Rows;
    }

    /// <summary>softmax(z / <paramref name="temperature"/>) of each row: the calibrated class probabilities.</summary>
    public static Matrix<double> Apply(Matrix<double> logits, double temperature)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var p = new double[logits.Rows * logits.Cols];
        for (int i = 0; i < logits.Rows; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < logits.Cols; j++) max = Math.Max(max, logits[i, j] / temperature);
            double total = 0;
            for (int j = 0; j < logits.Cols; j++) total += p[i * logits.Cols + j] = Math.Exp(logits[i, j] / temperature - max);
            for (int j = 0; j < logits.Cols; j++) p[i * logits.Cols + j] /= total;
        }
        return Matrix<double>.Create(logits.Rows, logits.Cols, p);
    }

    // d/dβ of the mean loss: the mean over rows of E_softmax(βz)[z] − z_y.
    private static double Slope(IReadOnlyList<int> actual, Matrix<double> logits, double beta)
    {
        double sum = 0;
        for (int i = 0; i < logits.Rows; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < logits.Cols; j++) max = Math.Max(max, beta * logits[i, j]);
            double total = 0, expected = 0;
            for (int j = 0; j < logits.Cols; j++)
            {
                double w = Math.Exp(beta * logits[i, j] - max);
                total += w;
                expected += w * logits[i, j];
            }
            sum += expected / total - logits[i, actual[i]];
        }
        return sum / logits.Rows;
    }
}
