using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>
/// Centres each feature on its training mean and divides by its training standard deviation (population,
/// ddof = 0, as scikit-learn's <c>StandardScaler</c>). A constant column gets scale 1, so it maps to 0
/// rather than to NaN; spread is never judged against an absolute threshold.
/// </summary>
public sealed record StandardScaler : IFeatureTransform
{
    /// <summary>The <see cref="TransformState.Kind"/> of this transform.</summary>
    public const string Kind = "standard-scaler";

    /// <summary>A scaler from its fitted values; throws when lengths differ or a value is not finite or a scale not positive.</summary>
    public StandardScaler(ImmutableArray<double> mean, ImmutableArray<double> scale, ImmutableArray<string> names)
    {
        if (mean.IsDefault || scale.IsDefault || names.IsDefault || mean.Length != scale.Length || names.Length != mean.Length)
            throw new ArgumentException("mean, scale and names must have one entry per feature", nameof(mean));
        for (int j = 0; j < mean.Length; j++)
            if (!double.IsFinite(mean[j]) || !double.IsFinite(scale[j]) || !(scale[j] > 0))
                throw new ArgumentException($"feature {names[j]}: expected a finite mean and a finite positive scale, found {mean[j]} and {scale[j]}", nameof(scale));
        Mean = mean;
        Scale = scale;
        Names = names;
    }

    /// <summary>Each feature's mean on the training data.</summary>
    public ImmutableArray<double> Mean { get; }

    /// <summary>Each feature's standard deviation on the training data (1 where the column was constant).</summary>
    public ImmutableArray<double> Scale { get; }

    /// <inheritdoc/>
    public ImmutableArray<string> Names { get; }

    /// <summary>
    /// Fits per-column mean and standard deviation (compensated, two passes) on at least one row. A column is constant,
    /// and gets scale 1, when its values are all equal or its variance is within rounding of zero (scikit-learn's rule:
    /// var ≤ n·ε·var + (n·|mean|·ε)²), or its deviation is subnormal.
    /// </summary>
    public static StandardScaler Fit(Matrix<double> features, ImmutableArray<string> names = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Fit(features, [.. Enumerable.Range(0, features.Rows)], names);
    }

    /// <summary>
    /// As <see cref="Fit(Matrix{double}, ImmutableArray{string})"/> on rows <paramref name="rows"/> of
    /// <paramref name="features"/> (any precision, read as double), without copying them: passes stream over the rows
    /// in order, each column keeping its own sums, so the numbers equal the fit on a copy of those rows.
    /// </summary>
    public static StandardScaler Fit<T>(Matrix<T> features, ReadOnlySpan<int> rows, ImmutableArray<string> names = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(features);
        if (rows.IsEmpty) throw new ArgumentException("cannot fit a scaler on no rows", nameof(rows));
        int m = rows.Length, n = features.Cols;
        // Sums run on values divided by a power of two that brings the column into [-1, 1]: exact, so results are
        // unchanged, but sums of values near double.MaxValue (and their squares) no longer overflow.
        var largest = new double[n];
        foreach (int r in rows)
        {
            var row = features.Row(r);
            for (int j = 0; j < n; j++) largest[j] = Math.Max(largest[j], Math.Abs(double.CreateTruncating(row[j])));
        }
        var exponent = new int[n];
        for (int j = 0; j < n; j++) exponent[j] = largest[j] > 0 && double.IsFinite(largest[j]) ? Math.ILogB(largest[j]) + 1 : 0;
        var (mean, variance, constant) = Moments(features, rows, exponent);
        var scale = new double[n];
        for (int j = 0; j < n; j++)
        {
            mean[j] = Math.ScaleB(mean[j], exponent[j]);
            double sd = Math.ScaleB(Math.Sqrt(variance[j]), exponent[j]);
            // A subnormal deviation (spread near 5e-324) cannot be divided by safely: treated as constant, like min–max.
            scale[j] = constant[j] || !double.IsNormal(sd) ? 1.0 : sd;
        }
        return new StandardScaler([.. mean], [.. scale], names.IsDefault ? MinMaxScaler.Numbered(n) : names);
    }

    // Per column, on the values scaled by 2^-exponent: mean by compensated summation plus a correction pass,
    // variance by the corrected two-pass formula (Chan, Golub and LeVeque), so equal values give exactly their
    // value and variance 0. Constant when all values are equal, or when the variance is within the two-pass
    // rounding bound scikit-learn's _is_constant_feature uses. Rows are read in order, a column's sums in row order.
    private static (double[] Mean, double[] Variance, bool[] Constant) Moments<T>(Matrix<T> features, ReadOnlySpan<int> rows, int[] exponent)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = rows.Length, n = features.Cols;
        var sum = new double[n];
        var carry = new double[n];
        var first = new double[n];
        var allEqual = new bool[n];
        for (int j = 0; j < n; j++) (first[j], allEqual[j]) = (Value(features, rows[0], j, exponent), true);
        foreach (int r in rows)
        {
            var row = features.Row(r);
            for (int j = 0; j < n; j++)
            {
                double v = Math.ScaleB(double.CreateTruncating(row[j]), -exponent[j]);
                allEqual[j] &= v == first[j];
                // Neumaier: keep the low-order bits each addition drops.
                double t = sum[j] + v;
                carry[j] += Math.Abs(sum[j]) >= Math.Abs(v) ? (sum[j] - t) + v : (v - t) + sum[j];
                sum[j] = t;
            }
        }
        var mean = new double[n];
        for (int j = 0; j < n; j++) mean[j] = allEqual[j] ? first[j] : (sum[j] + carry[j]) / m;
        var residual = new double[n];
        var squares = new double[n];
        foreach (int r in rows)
        {
            var row = features.Row(r);
            for (int j = 0; j < n; j++)
            {
                double d = Math.ScaleB(double.CreateTruncating(row[j]), -exponent[j]) - mean[j];
                residual[j] += d;
                squares[j] += d * d;
            }
        }
        var variance = new double[n];
        var constant = new bool[n];
        for (int j = 0; j < n; j++)
        {
            if (allEqual[j])
            {
                constant[j] = true;
                continue;
            }
            mean[j] += residual[j] / m;
            variance[j] = Math.Max(0, (squares[j] - residual[j] * residual[j] / m) / m);
            double bound = m * Eps * variance[j] + Math.Pow(m * mean[j] * Eps, 2);
            constant[j] = variance[j] <= bound;
        }
        return (mean, variance, constant);
    }

    private static double Value<T>(Matrix<T> features, int row, int column, int[] exponent) where T : unmanaged, IFloatingPointIeee754<T> =>
        Math.ScaleB(double.CreateTruncating(features[row, column]), -exponent[column]);

    private const double Eps = 2.220446049250313e-16; // numpy's finfo(float64).eps, 2^-52

    /// <summary>Fits on a data set's features (and keeps its feature names).</summary>
    public static StandardScaler Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.Features, data.FeatureNames);
    }

    /// <inheritdoc/>
    public Matrix<T> Transform<T>(Matrix<T> features) where T : unmanaged, IFloatingPointIeee754<T> =>
        FeatureTransforms.Standardize(features, Mean, Scale, Kind);

    /// <inheritdoc/>
    public Matrix<T> Inverse<T>(Matrix<T> features) where T : unmanaged, IFloatingPointIeee754<T> =>
        FeatureTransforms.Affine(features, Scale, Mean, Kind);

    /// <inheritdoc/>
    public (ImmutableArray<double> Offset, ImmutableArray<double> Divisor) ToAffine() => (Mean, Scale);

    /// <summary>State with values <c>mean</c> and <c>scale</c>, one per feature.</summary>
    public TransformState ToState() => new(Kind, Names, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
    [
        new KeyValuePair<string, ImmutableArray<double>>("mean", Mean),
        new KeyValuePair<string, ImmutableArray<double>>("scale", Scale),
    ]));

    /// <summary>Rebuilds a scaler from <see cref="ToState"/>'s output, checking kind, lengths and values.</summary>
    public static Validation<Error, StandardScaler> FromState(TransformState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Expect(Kind).Bind(s =>
            (s.Array("mean", s.Names.Length), s.Array("scale", s.Names.Length))
            .Apply((mean, scale) => (mean, scale))
            .Bind(v => v.scale.Any(x => !(x > 0))
                ? Validation<Error, StandardScaler>.Fail(LanguageExt.Prelude.Seq1(new Error("transform.state", $"transform {Kind}: expected positive scales, found {v.scale.First(x => !(x > 0))}")))
                : Validation<Error, StandardScaler>.Success(new StandardScaler(v.mean, v.scale, s.Names))));
    }
}
