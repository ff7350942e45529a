using System.Collections.Immutable;
using System.Globalization;
using System.Numerics.Tensors;
using FunctionalNet.Formats;
using FunctionalNet.Model;

namespace FunctionalNet;

/// <summary>The consistency rules a classifier and a regressor share: weights, scalers and names fit the architecture.</summary>
internal static class FittedChecks
{
    public static Error? Inputs(Architecture architecture, NetworkWeights weights, ScalerCard? scaler, ImmutableArray<string> featureNames, TrainingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(weights);
        if (summary is null) return new Error("model.summary", "a model needs a training summary (TrainingSummary.None when there is none)");
        if (weights.Layout.Count != architecture.Layout.Count || !weights.Layout.Slots.SequenceEqual(architecture.Layout.Slots))
            return new Error("model.weights", $"the parameters have {weights.Layout.Count} values laid out for another network than {architecture.Shape}");
        return Names(featureNames, architecture.Inputs, "feature") ?? Scaler(scaler, architecture.Inputs, "feature");
    }

    /// <summary>Null when <paramref name="names"/> holds <paramref name="count"/> distinct strings (or none at all, for features).</summary>
    public static Error? Names(ImmutableArray<string> names, int count, string what, bool optional = true)
    {
        if (names.IsDefaultOrEmpty)
            return optional ? null : new Error($"model.{what}s", $"a model needs {count} {what} names, found none");
        if (names.Length != count)
            return new Error($"model.{what}s", $"{names.Length} {what} names for {count} {what}s");
        if (names.Any(n => n is null)) return new Error($"model.{what}s", $"{what} names must be strings, found null");
        var twice = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? null : new Error($"model.{what}s", $"the {what} name '{twice.Key}' appears twice");
    }

    /// <summary>Null when the scaler is absent or holds one finite offset and one finite non-zero scale per column.</summary>
    public static Error? Scaler(ScalerCard? scaler, int columns, string what)
    {
        if (scaler is null) return null;
        if (scaler.Offset.IsDefault || scaler.Scale.IsDefault || scaler.Offset.Length != columns || scaler.Scale.Length != columns)
            return new Error("model.scaler", $"the {what} scaler needs {columns} offsets and {columns} scales");
        int bad = Enumerable.Range(0, columns).FirstOrDefault(i => !double.IsFinite(scaler.Scale[i]) || scaler.Scale[i] == 0 || !double.IsFinite(scaler.Offset[i]), -1);
        return bad < 0 ? null : new Error("model.scaler",
            $"the {what} scaler's column {bad} has offset {scaler.Offset[bad].ToString(CultureInfo.InvariantCulture)} and scale {scaler.Scale[bad].ToString(CultureInfo.InvariantCulture)}, expected finite numbers and a non-zero scale");
    }

    /// <summary>
    /// Throws unless <paramref name="features"/> has one column per input and every value is finite (a caller's
    /// mistake, as in scikit-learn): a NaN or infinite feature has no meaningful prediction, and the network would
    /// still give it a class. The message names the first such row and column (0-based), and the feature's name if any.
    /// </summary>
    public static void Rows(FunctionalNet.Matrix<double> features, int inputs, ImmutableArray<string> names)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Cols != inputs)
            throw new ArgumentException($"the model expects {inputs} features, found {features.Cols}", nameof(features));
        if (NonFinite(features.Span, inputs, names, single: false) is { } problem) throw new ArgumentException(problem.Message, nameof(features));
    }

    /// <summary>
    /// Null when <paramref name="values"/> is one row (<paramref name="single"/>) or whole rows of <paramref name="inputs"/>
    /// finite features; otherwise the error a span-scoring method returns, naming the first bad row and column.
    /// </summary>
    public static Error? Features<TIn>(ReadOnlySpan<TIn> values, int inputs, ImmutableArray<string> names, bool single)
        where TIn : unmanaged, System.Numerics.IFloatingPointIeee754<TIn>
    {
        if (single && values.Length != inputs)
            return new Error("predict.width", $"the model expects a row of {inputs} features, found {values.Length}");
        if (!single && values.Length % inputs != 0)
            return new Error("predict.width", $"the model expects rows of {inputs} features, found {values.Length} values ({values.Length % inputs} left over)");
        return NonFinite(values, inputs, names, single);
    }

    // The first NaN or infinite value, by row and column ("column c" alone for a single row).
    private static Error? NonFinite<TIn>(ReadOnlySpan<TIn> values, int inputs, ImmutableArray<string> names, bool single)
        where TIn : unmanaged, System.Numerics.IFloatingPointIeee754<TIn>
    {
        if (TensorPrimitives.IsFiniteAll(values)) return null; // one vector sweep; the loop below only names the culprit
        for (int i = 0; i < values.Length; i++)
        {
            if (TIn.IsFinite(values[i])) continue;
            int row = i / inputs, column = i % inputs;
            string name = names.IsDefaultOrEmpty ? "" : $" ('{names[column]}')";
            string where = single ? $"column {column}" : $"row {row}, column {column}";
            return new Error("predict.feature", string.Create(CultureInfo.InvariantCulture,
                $"{where}{name}: the feature is {values[i]}, expected a finite number"));
        }
        return null;
    }
}
