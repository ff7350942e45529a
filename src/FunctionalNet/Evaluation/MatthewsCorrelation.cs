namespace FunctionalNet;

/// <summary>
/// The Matthews correlation coefficient, scikit-learn 1.2's <c>matthews_corrcoef</c> in its multiclass form
/// (Gorodkin's R_K): the correlation between actual and predicted labels, from −1 to 1, 0 for chance.
/// </summary>
public static class MatthewsCorrelation
{
    /// <summary>
    /// (c·s − Σ tₖpₖ) / √((s² − Σ pₖ²)(s² − Σ tₖ²)) with c correct, s samples, tₖ and pₖ the actual and predicted
    /// counts of class k; 0 when either labelling is constant (a zero denominator, as scikit-learn returns).
    /// </summary>
    public static double Compute(IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        var matrix = ConfusionMatrix.Compute(actual, predicted);
        long s = matrix.Total, tp = 0, pp = 0, tt = 0;
        for (int k = 0; k < matrix.Classes; k++)
        {
            long t = matrix.ActualCount(k), p = matrix.PredictedCount(k);
            tp += t * p;
            pp += p * p;
            tt += t * t;
        }
        long covariance = matrix.Trace * s - tp, predictedSpread = s * s - pp, actualSpread = s * s - tt;
        double denominator = (double)predictedSpread * actualSpread;
        return denominator == 0 ? 0.0 : covariance / Math.Sqrt(denominator);
    }
}
