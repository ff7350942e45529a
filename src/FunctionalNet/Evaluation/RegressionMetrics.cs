using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>
/// Regression scores over [m × outputs] matrices, averaged uniformly over the outputs (scikit-learn's
/// <c>multioutput="uniform_average"</c>).
/// </summary>
public static partial class RegressionMetrics
{
    /// <summary>Mean squared error (1/m) Σ (y − ŷ)², averaged over outputs.</summary>
    public static double MeanSquaredError(Matrix<double> actual, Matrix<double> predicted) =>
        PerOutput(actual, predicted, (y, yhat) => Mean(y, yhat, d => d * d));

    /// <summary>
    /// Root mean squared error √((1/m) Σ (y − ŷ)²) per output, averaged over outputs: for several outputs this is not
    /// the root of <see cref="MeanSquaredError(Matrix{double}, Matrix{double})"/> (scikit-learn's <c>root_mean_squared_error</c>).
    /// </summary>
    public static double RootMeanSquaredError(Matrix<double> actual, Matrix<double> predicted) =>
        PerOutput(actual, predicted, (y, yhat) => Math.Sqrt(Mean(y, yhat, d => d * d)));

    /// <summary>Mean absolute error (1/m) Σ |y − ŷ|, averaged over outputs.</summary>
    public static double MeanAbsoluteError(Matrix<double> actual, Matrix<double> predicted) =>
        PerOutput(actual, predicted, (y, yhat) => Mean(y, yhat, Math.Abs));

    /// <summary>
    /// Coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² per output, averaged. A constant output scores
    /// 1 when predicted exactly and 0 otherwise (scikit-learn's <c>force_finite</c>).
    /// </summary>
    public static double R2(Matrix<double> actual, Matrix<double> predicted) =>
        PerOutput(actual, predicted, (y, yhat) =>
        {
            double mean = y.Average(), residual = 0, spread = 0;
            for (int i = 0; i < y.Length; i++)
            {
                residual += (y[i] - yhat[i]) * (y[i] - yhat[i]);
                spread += (y[i] - mean) * (y[i] - mean);
            }
            return spread == 0 ? (residual == 0 ? 1.0 : 0.0) : 1 - residual / spread;
        });

    /// <summary>Mean squared error of one output.</summary>
    public static double MeanSquaredError(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) =>
        MeanSquaredError(Column(actual), Column(predicted));

    /// <summary>Mean absolute error of one output.</summary>
    public static double MeanAbsoluteError(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) =>
        MeanAbsoluteError(Column(actual), Column(predicted));

    /// <summary>R² of one output.</summary>
    public static double R2(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) => R2(Column(actual), Column(predicted));

    private static double Mean(double[] y, double[] yhat, Func<double, double> f)
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++) sum += f(y[i] - yhat[i]);
        return sum / y.Length;
    }

    private static double PerOutput(Matrix<double> actual, Matrix<double> predicted, Func<double[], double[], double> score)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Rows != predicted.Rows || actual.Cols != predicted.Cols)
            throw new ArgumentException($"expected predictions of shape {actual.Rows}×{actual.Cols}, found {predicted.Rows}×{predicted.Cols}", nameof(predicted));
        if (actual.Rows == 0 || actual.Cols == 0) throw new ArgumentException("expected at least one sample and one output", nameof(actual));
        double total = 0;
        for (int j = 0; j < actual.Cols; j++)
            total += score(ColumnOf(actual, j), ColumnOf(predicted, j));
        return total / actual.Cols;
    }

    private static double[] ColumnOf(Matrix<double> x, int j)
    {
        var column = new double[x.Rows];
        for (int i = 0; i < x.Rows; i++) column[i] = x[i, j];
        return column;
    }

    private static Matrix<double> Column(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Matrix<double>.Own(values.Count, 1, [.. values]);
    }
}
