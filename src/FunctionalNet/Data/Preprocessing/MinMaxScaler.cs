using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>
/// Maps each feature's training range [min, max] linearly onto [<see cref="Low"/>, <see cref="High"/>]
/// (scikit-learn's <c>MinMaxScaler</c>). A constant column is treated as having range 1, so it maps to Low
/// instead of dividing by zero.
/// </summary>
public sealed record MinMaxScaler : IFeatureTransform
{
    /// <summary>The <see cref="TransformState.Kind"/> of this transform.</summary>
    public const string Kind = "min-max-scaler";

    /// <summary>A scaler from its fitted values; throws when lengths differ, values are not finite or min &gt; max.</summary>
    public MinMaxScaler(ImmutableArray<double> dataMin, ImmutableArray<double> dataMax, double low, double high, ImmutableArray<string> names)
    {
        if (dataMin.IsDefault || dataMax.IsDefault || names.IsDefault || dataMin.Length != dataMax.Length || names.Length != dataMin.Length)
            throw new ArgumentException("minimum, maximum and names must have one entry per feature", nameof(dataMin));
        for (int j = 0; j < dataMin.Length; j++)
            if (!double.IsFinite(dataMin[j]) || !double.IsFinite(dataMax[j]) || dataMin[j] > dataMax[j])
                throw new ArgumentException($"feature {names[j]}: expected finite min ≤ max, found [{dataMin[j]}, {dataMax[j]}]", nameof(dataMin));
        if (!double.IsFinite(low) || !double.IsFinite(high) || !(low < high))
            throw new ArgumentOutOfRangeException(nameof(high), $"the target range must be finite with low < high, found [{low}, {high}]");
        DataMin = dataMin;
        DataMax = dataMax;
        Low = low;
        High = high;
        Names = names;
    }

    /// <summary>Each feature's minimum on the training data.</summary>
    public ImmutableArray<double> DataMin { get; }

    /// <summary>Each feature's maximum on the training data.</summary>
    public ImmutableArray<double> DataMax { get; }

    /// <summary>Where the minimum maps to.</summary>
    public double Low { get; }

    /// <summary>Where the maximum maps to.</summary>
    public double High { get; }

    /// <inheritdoc/>
    public ImmutableArray<string> Names { get; }

    /// <summary>Fits the per-column minimum and maximum of <paramref name="features"/> (at least one row).</summary>
    public static MinMaxScaler Fit(Matrix<double> features, double low = 0, double high = 1, ImmutableArray<string> names = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Fit(features, [.. Enumerable.Range(0, features.Rows)], low, high, names);
    }

    /// <summary>Fits on rows <paramref name="rows"/> of <paramref name="features"/> (any precision, read as double), without copying them.</summary>
    public static MinMaxScaler Fit<T>(Matrix<T> features, ReadOnlySpan<int> rows, double low = 0, double high = 1, ImmutableArray<string> names = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(features);
        if (rows.IsEmpty) throw new ArgumentException("cannot fit a scaler on no rows", nameof(rows));
        int n = features.Cols;
        var min = new double[n];
        var max = new double[n];
        var start = features.Row(rows[0]);
        for (int j = 0; j < n; j++) min[j] = max[j] = double.CreateTruncating(start[j]);
        foreach (int r in rows[1..])
        {
            var row = features.Row(r);
            for (int j = 0; j < n; j++)
            {
                double v = double.CreateTruncating(row[j]);
                min[j] = Math.Min(min[j], v);
                max[j] = Math.Max(max[j], v);
            }
        }
        return new MinMaxScaler([.. min], [.. max], low, high, names.IsDefault ? Numbered(n) : names);
    }

    /// <summary>Fits on a data set's features (and keeps its feature names).</summary>
    public static MinMaxScaler Fit(Dataset data, double low = 0, double high = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.Features, low, high, data.FeatureNames);
    }

    /// <inheritdoc/>
    public Matrix<T> Transform<T>(Matrix<T> features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (scale, shift) = Coefficients();
        return FeatureTransforms.Affine(features, scale, shift, Kind);
    }

    /// <inheritdoc/>
    public Matrix<T> Inverse<T>(Matrix<T> features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (scale, shift) = Coefficients();
        var inverseScale = scale.Select(s => 1 / s).ToArray();
        var inverseShift = shift.Select((b, j) => -b / scale[j]).ToArray();
        return FeatureTransforms.Affine(features, inverseScale, inverseShift, Kind);
    }

    /// <inheritdoc/>
    public (ImmutableArray<double> Offset, ImmutableArray<double> Divisor) ToAffine()
    {
        // x·s + b = (x − (−b/s)) / (1/s)
        var (scale, shift) = Coefficients();
        return ([.. shift.Select((b, j) => -b / scale[j])], [.. scale.Select(s => 1 / s)]);
    }

    /// <summary>State with values <c>data-min</c>, <c>data-max</c> (one per feature) and <c>range</c> = [low, high].</summary>
    public TransformState ToState() => new(Kind, Names, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
    [
        new KeyValuePair<string, ImmutableArray<double>>("data-min", DataMin),
        new KeyValuePair<string, ImmutableArray<double>>("data-max", DataMax),
        new KeyValuePair<string, ImmutableArray<double>>("range", [Low, High]),
    ]));

    /// <summary>Rebuilds a scaler from <see cref="ToState"/>'s output, checking kind, lengths and values.</summary>
    public static Validation<Error, MinMaxScaler> FromState(TransformState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Expect(Kind).Bind(s =>
            (s.Array("data-min", s.Names.Length), s.Array("data-max", s.Names.Length), s.Array("range", 2))
            .Apply((min, max, range) => (min, max, range))
            .Bind(v => Build(v.min, v.max, v.range, s.Names)));
    }

    private static Validation<Error, MinMaxScaler> Build(ImmutableArray<double> min, ImmutableArray<double> max, ImmutableArray<double> range, ImmutableArray<string> names)
    {
        for (int j = 0; j < min.Length; j++)
            if (min[j] > max[j])
                return Validation<Error, MinMaxScaler>.Fail(LanguageExt.Prelude.Seq1(new Error("transform.state",
                    $"transform {Kind}: expected data-min ≤ data-max, found {min[j].ToString(CultureInfo.InvariantCulture)} > {max[j].ToString(CultureInfo.InvariantCulture)} for feature \"{names[j]}\"")));
        if (!(range[0] < range[1]))
            return Validation<Error, MinMaxScaler>.Fail(LanguageExt.Prelude.Seq1(new Error("transform.state",
                $"transform {Kind}: expected range low < high, found [{range[0].ToString(CultureInfo.InvariantCulture)}, {range[1].ToString(CultureInfo.InvariantCulture)}]")));
        return new MinMaxScaler(min, max, range[0], range[1], names);
    }

    // y = x · scale + shift with scale = (high − low) / (max − min) (range 1 for constant columns), shift = low − min · scale.
    private (double[] Scale, double[] Shift) Coefficients()
    {
        var scale = new double[DataMin.Length];
        var shift = new double[DataMin.Length];
        for (int j = 0; j < scale.Length; j++)
        {
            // Halved so max − min cannot overflow (exact, so ordinary results are unchanged); a range too small to
            // invert (subnormal) counts as zero, like a constant column.
            double halfRange = DataMax[j] * 0.5 - DataMin[j] * 0.5;
            double s = (High - Low) * 0.5 / halfRange;
            scale[j] = halfRange == 0 || !double.IsFinite(s) ? High - Low : s;
            shift[j] = Low - DataMin[j] * scale[j];
        }
        return (scale, shift);
    }

    internal static ImmutableArray<string> Numbered(int n) =>
        [.. Enumerable.Range(0, n).Select(j => "x" + j.ToString(CultureInfo.InvariantCulture))];
}
