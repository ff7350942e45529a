using System.Collections.Immutable;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// A reliability (calibration) curve, scikit-learn 1.2's <c>calibration_curve(strategy="uniform")</c> with the bin
/// counts beside it: the probabilities cut into equal-width bins on [0, 1] (a value on an inner edge goes to the
/// lower bin, numpy's <c>searchsorted</c>), and for each non-empty bin the mean predicted probability against the
/// share of positives. A calibrated model lies on the diagonal.
/// </summary>
/// <param name="MeanPredicted">Mean predicted probability of each non-empty bin (<c>prob_pred</c>).</param>
/// <param name="FractionPositive">Share of positives in each non-empty bin (<c>prob_true</c>).</param>
/// <param name="Counts">Samples in every bin, empty ones included: the histogram of the probabilities.</param>
public sealed record ReliabilityCurve(ImmutableArray<double> MeanPredicted, ImmutableArray<double> FractionPositive, ImmutableArray<int> Counts)
{
    /// <summary>The curve of probabilities <paramref name="probabilities"/> that each <paramref name="positive"/> sample is positive.</summary>
    /// <returns>An error for a probability outside [0, 1] (scikit-learn raises), differing lengths or fewer than one bin.</returns>
    public static Either<Error, ReliabilityCurve> Of(IReadOnlyList<bool> positive, IReadOnlyList<double> probabilities, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (bins < 1) return new Error("metric.bins", $"a reliability curve needs at least 1 bin, found {bins}");
        if (positive.Count != probabilities.Count)
            return new Error("metric.length", $"reliability curve: {positive.Count} labels but {probabilities.Count} probabilities");
        // numpy's linspace: i · (1 / bins), which is not always i / bins in the last bit.
        var edges = Enumerable.Range(0, bins + 1).Select(i => i * (1.0 / bins)).ToArray();
        var counts = new int[bins];
        var sums = new double[bins];
        var hits = new double[bins];
        for (int i = 0; i < probabilities.Count; i++)
        {
            double p = probabilities[i];
            if (!(p >= 0 && p <= 1)) return new Error("metric.not-probabilities", $"reliability curve: row {i} has probability {p}, expected a value in [0, 1]");
            int bin = 0;
            while (bin < bins - 1 && p > edges[bin + 1]) bin++;
            counts[bin]++;
            sums[bin] += p;
            if (positive[i]) hits[bin]++;
        }
        var filled = Enumerable.Range(0, bins).Where(b => counts[b] > 0).ToArray();
        return new ReliabilityCurve([.. filled.Select(b => sums[b] / counts[b])], [.. filled.Select(b => hits[b] / counts[b])], [.. counts]);
    }

    /// <summary>
    /// The curve of a classifier's class probabilities: for two columns (or one of P(class 1)) class 1's probability
    /// against the label being 1; for more, each row's top probability against the top class being right (the
    /// confidence calibration of Guo et al. 2017, since scikit-learn's curve is binary).
    /// </summary>
    public static Either<Error, ReliabilityCurve> OfClasses(IReadOnlyList<int> actual, Matrix<double> probabilities, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (actual.Count != probabilities.Rows)
            return new Error("metric.length", $"reliability curve: {actual.Count} labels but {probabilities.Rows} rows of probabilities");
        if (probabilities.Cols <= 2)
            return Of([.. actual.Select(y => y == 1)], ScoreInputs.Column(probabilities, 1), bins);
        var top = Enumerable.Range(0, probabilities.Rows)
            .Select(r => Enumerable.Range(0, probabilities.Cols).Aggregate(0, (best, c) => probabilities[r, c] > probabilities[r, best] ? c : best)).ToArray();
        return Of([.. top.Select((c, r) => c == actual[r])], [.. top.Select((c, r) => probabilities[r, c])], bins);
    }
}
