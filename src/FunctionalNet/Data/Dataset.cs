using FunctionalNet.Data;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>
/// Features (m × n) with named columns, the <see cref="FunctionalNet.Targets"/> of each row and, optionally, a weight per row
/// (<see cref="Weights"/>). Features are stored once, in double or (as a loader reading for float32 training makes
/// them) float: <see cref="FeaturesIn{T}"/> and <see cref="ToBatch{T}(int?)"/> hand out the stored matrix itself when
/// the precision matches, and <see cref="Features"/> widens float data to double once, on first use.
/// </summary>
public sealed record Dataset
{
    // Matrix<double> or Matrix<float>: the features in the precision they were made in.
    private readonly object store;
    private readonly Lazy<Matrix<double>>? widened;

    /// <summary>
    /// A data set; throws when the row counts or the number of feature names do not match. Default or empty
    /// <paramref name="featureNames"/> means the source had none (see <see cref="GivenFeatureNames"/>).
    /// </summary>
    public Dataset(Matrix<double> features, Targets targets, ImmutableArray<string> featureNames = default)
        : this(features, features?.Rows ?? throw new ArgumentNullException(nameof(features)), features.Cols, targets, featureNames)
    {
    }

    private Dataset(object store, int rows, int cols, Targets targets, ImmutableArray<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (rows != targets.Count)
            throw new ArgumentException($"features have {rows} rows but targets have {targets.Count}", nameof(targets));
        GivenFeatureNames = featureNames.IsDefault ? [] : featureNames;
        if (featureNames.IsDefaultOrEmpty) featureNames = DefaultNames(cols);
        if (featureNames.Length != cols)
            throw new ArgumentException($"expected {cols} feature names, found {featureNames.Length}", nameof(featureNames));
        this.store = store;
        if (store is Matrix<float> single) widened = new Lazy<Matrix<double>>(single.Convert<double>);
        Count = rows;
        FeatureCount = cols;
        Targets = targets;
        FeatureNames = featureNames;
    }

    /// <summary>
    /// A data set keeping <paramref name="features"/> as they are when float or double (others are widened to double):
    /// float features stay 4 bytes a value for float32 training.
    /// </summary>
    public static Dataset Stored<T>(Matrix<T> features, Targets targets, ImmutableArray<string> featureNames = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        features is Matrix<float> or Matrix<double>
            ? new Dataset(features, features.Rows, features.Cols, targets, featureNames)
            : new Dataset(features.Convert<double>(), targets, featureNames);

    /// <summary>[m × n] inputs in double (float data is widened once, on first use, and the copy kept).</summary>
    public Matrix<double> Features => store as Matrix<double> ?? widened!.Value;

    /// <summary>
    /// The features in precision <typeparamref name="T"/>: the stored matrix itself when it has that precision
    /// (float data for float32 training costs no copy), else a converted copy.
    /// </summary>
    public Matrix<T> FeaturesIn<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        store as Matrix<T> ?? (store is Matrix<float> single ? single.Convert<T>() : ((Matrix<double>)store).Convert<T>());

    /// <summary>Whether the features are stored as float (4 bytes a value) rather than double.</summary>
    public bool IsSinglePrecision => store is Matrix<float>;

    /// <summary>What to predict for each row.</summary>
    public Targets Targets { get; }

    /// <summary>One name per feature column (x0, x1, … when the source had none).</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>
    /// The names the source gave the feature columns (a CSV header, a Parquet schema), or empty when it gave none and
    /// <see cref="FeatureNames"/> are placeholders: whether names are real comes from the source, not their spelling
    /// (a header may well say x0, x1, …, as scikit-learn's defaults do).
    /// </summary>
    public ImmutableArray<string> GivenFeatureNames { get; }

    /// <summary>
    /// One weight per row (finite, ≥ 0), carried through row selections, splits and scaling into the batches; default
    /// (<see cref="ImmutableArray{T}.IsDefault"/>) when every row counts alike. See <see cref="Batch{T}"/> for how the cost uses them.
    /// </summary>
    public ImmutableArray<double> Weights { get; private init; }

    /// <summary>Number of rows m.</summary>
    public int Count { get; }

    /// <summary>Number of features n.</summary>
    public int FeatureCount { get; }

    /// <summary>The class targets; throws when this is not a classification data set.</summary>
    public ClassTargets Classes => Targets as ClassTargets
        ?? throw new InvalidOperationException($"this data set has {Targets.GetType().Name}, not class labels");

    /// <summary>Class index of each row (see <see cref="Classes"/>).</summary>
    public ImmutableArray<int> Labels => Classes.Labels;

    /// <summary>A classification data set; class names default to "0" … "k−1" with k = max label + 1.</summary>
    public static Dataset Classification(Matrix<double> features, IEnumerable<int> labels,
        IEnumerable<string>? classNames = null, ImmutableArray<string> featureNames = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ImmutableArray<int> list = [.. labels];
        var names = classNames is null ? ClassTargets.NumberedClasses(list.IsEmpty ? 1 : list.Max() + 1) : [.. classNames];
        return new Dataset(features, new ClassTargets(list, names), featureNames);
    }

    /// <summary>A regression data set: real-valued targets, one column per output.</summary>
    public static Dataset Regression(Matrix<double> features, Matrix<double> values,
        ImmutableArray<string> targetNames = default, ImmutableArray<string> featureNames = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Dataset(features, new ValueTargets(values, targetNames.IsDefault ? DefaultNames(values.Cols, "y") : targetNames, false), featureNames);
    }

    /// <summary>A multi-label data set: one 0/1 indicator column per label.</summary>
    public static Dataset MultiLabel(Matrix<double> features, Matrix<double> indicators,
        ImmutableArray<string> labelNames = default, ImmutableArray<string> featureNames = default)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        return new Dataset(features, new ValueTargets(indicators, labelNames.IsDefault ? DefaultNames(indicators.Cols, "y") : labelNames, true), featureNames);
    }

    /// <summary>The bundled digits (or any <see cref="LabelledData"/>) as a classification data set.</summary>
    public static Dataset FromLabelled(LabelledData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Classification(data.Features, data.Labels);
    }

    /// <summary>The given rows, in that order (in the stored precision, with their weights).</summary>
    public Dataset SelectRows(ReadOnlySpan<int> indices) => CarryWeights(store is Matrix<float> single
        ? Stored(single.SelectRows(indices), Targets.SelectRows(indices), GivenFeatureNames)
        : new(((Matrix<double>)store).SelectRows(indices), Targets.SelectRows(indices), GivenFeatureNames), indices);

    /// <summary>
    /// The given rows, in that order, with feature j mapped to (x − <paramref name="offset"/>[j]) / <paramref name="divisor"/>[j]
    /// (computed in double, stored in this data set's precision, weights carried): a split and its scaling in one copy.
    /// </summary>
    public Dataset SelectRows(ReadOnlySpan<int> indices, IReadOnlyList<double> offset, IReadOnlyList<double> divisor) => CarryWeights(store is Matrix<float> single
        ? Stored(RowGather.Scaled(single, indices, offset, divisor), Targets.SelectRows(indices), GivenFeatureNames)
        : new(RowGather.Scaled((Matrix<double>)store, indices, offset, divisor), Targets.SelectRows(indices), GivenFeatureNames), indices);

    private Dataset CarryWeights(Dataset selected, ReadOnlySpan<int> indices)
    {
        if (Weights.IsDefault) return selected;
        var weights = new double[indices.Length];
        for (int i = 0; i < indices.Length; i++) weights[i] = Weights[indices[i]];
        return selected with { Weights = [.. weights] };
    }

    /// <summary>The same targets (and weights) with new features of the same row count (e.g. after scaling).</summary>
    public Dataset WithFeatures(Matrix<double> features) =>
        new(features, Targets, features?.Cols == FeatureCount ? GivenFeatureNames : default) { Weights = Weights };

    /// <summary>
    /// The same rows with these weights (default: none); throws when their number differs from the rows' or one is negative
    /// or not finite, since loaders check weights (naming file, line and column) before they attach them.
    /// </summary>
    public Dataset WithWeights(ImmutableArray<double> weights)
    {
        if (!weights.IsDefault)
        {
            if (weights.Length != Count) throw new ArgumentException($"expected {Count} weights, found {weights.Length}", nameof(weights));
            if (weights.Any(w => !(w >= 0) || double.IsInfinity(w))) throw new ArgumentException("weights must be finite and ≥ 0", nameof(weights));
        }
        return this with { Weights = weights };
    }

    /// <summary>Features, targets and weights for the calculus; <paramref name="outputs"/> as in <see cref="Targets.ToMatrix"/>.</summary>
    public Batch<T> ToBatch<T>(int? outputs = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(FeaturesIn<T>(), Targets.ToMatrix(outputs).Convert<T>(),
            Weights.IsDefault ? null : Matrix<double>.Create(Count, 1, Weights.AsSpan()).Convert<T>());

    /// <summary>A batch whose targets fit <paramref name="architecture"/>'s output width.</summary>
    public Batch<T> ToBatch<T>(Architecture architecture) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return ToBatch<T>(architecture.Outputs);
    }

    private static ImmutableArray<string> DefaultNames(int count, string prefix = "x") =>
        [.. Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture))];
}
