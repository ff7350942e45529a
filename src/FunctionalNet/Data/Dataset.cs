using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Data;

/// <summary>
/// Features (m × n, always double: precision is chosen when a <see cref="Batch{T}"/> is made) with named
/// columns, the <see cref="Data.Targets"/> of each row and, optionally, a weight per row (<see cref="Weights"/>).
/// </summary>
public sealed record Dataset
{
    /// <summary>A data set; throws when the row counts or the number of feature names do not match.</summary>
    public Dataset(Matrix<double> features, Targets targets, ImmutableArray<string> featureNames = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rows != targets.Count)
            throw new ArgumentException($"features have {features.Rows} rows but targets have {targets.Count}", nameof(targets));
        if (featureNames.IsDefault) featureNames = DefaultNames(features.Cols);
        if (featureNames.Length != features.Cols)
            throw new ArgumentException($"expected {features.Cols} feature names, found {featureNames.Length}", nameof(featureNames));
        Features = features;
        Targets = targets;
        FeatureNames = featureNames;
    }

    /// <summary>[m × n] inputs.</summary>
    public Matrix<double> Features { get; }

    /// <summary>What to predict for each row.</summary>
    public Targets Targets { get; }

    /// <summary>One name per feature column (x0, x1, … when the source had none).</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>
    /// One weight per row (finite, ≥ 0), carried through row selections, splits and scaling into the batches; default
    /// (<see cref="ImmutableArray{T}.IsDefault"/>) when every row counts alike. See <see cref="Batch{T}"/> for how the cost uses them.
    /// </summary>
    public ImmutableArray<double> Weights { get; private init; }

    /// <summary>Number of rows m.</summary>
    public int Count => Features.Rows;

    /// <summary>Number of features n.</summary>
    public int FeatureCount => Features.Cols;

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

    /// <summary>The given rows, in that order.</summary>
    public Dataset SelectRows(ReadOnlySpan<int> indices)
    {
        var selected = new Dataset(Features.SelectRows(indices), Targets.SelectRows(indices), FeatureNames);
        if (Weights.IsDefault) return selected;
        var weights = new double[indices.Length];
        for (int i = 0; i < indices.Length; i++) weights[i] = Weights[indices[i]];
        return selected with { Weights = [.. weights] };
    }

    /// <summary>The same targets (and weights) with new features of the same row count (e.g. after scaling).</summary>
    public Dataset WithFeatures(Matrix<double> features) =>
        new(features, Targets, features?.Cols == FeatureCount ? FeatureNames : default) { Weights = Weights };

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
        new(Features.Convert<T>(), Targets.ToMatrix(outputs).Convert<T>(),
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
