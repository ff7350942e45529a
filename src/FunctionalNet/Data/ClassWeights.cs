using FunctionalNet.Data;
using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// Weights per class, applied as per-sample weights (each row's weight times its class's weight, as scikit-learn's
/// linear models combine <c>class_weight</c> and <c>sample_weight</c>), so every route and loss honours them through
/// the weighted cost.
/// </summary>
public static class ClassWeights
{
    /// <summary>
    /// scikit-learn's <c>class_weight='balanced'</c>: n / (k · n_c) for class c with n_c of the n rows (k classes), so every
    /// class carries the same total weight. A class without rows is an error (scikit-learn refuses it too).
    /// </summary>
    public static Either<Error, ImmutableArray<double>> Balanced(ClassTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var counts = targets.ClassCounts();
        int empty = counts.IndexOf(0);
        if (empty >= 0)
            return new Error("class-weight.empty", $"class weights 'balanced': class '{targets.ClassNames[empty]}' has no training rows, so n / (k · 0) has no value");
        double n = targets.Count, k = targets.ClassCount;
        return counts.Select(c => n / (k * c)).ToImmutableArray();
    }

    /// <summary>
    /// Weights from names: each named class gets its weight, every other class 1 (scikit-learn's rule). An unknown name,
    /// or a weight that is negative or not finite, is an error.
    /// </summary>
    public static Either<Error, ImmutableArray<double>> Explicit(ClassTargets targets, IEnumerable<KeyValuePair<string, double>> byName)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(byName);
        var weights = Enumerable.Repeat(1.0, targets.ClassCount).ToArray();
        foreach (var (name, weight) in byName)
        {
            int c = targets.ClassNames.IndexOf(name);
            if (c < 0)
                return new Error("class-weight.class", $"class weights: no class is named '{name}'; the classes are {string.Join(", ", targets.ClassNames)}");
            if (!(weight >= 0) || double.IsInfinity(weight))
                return new Error("class-weight.value", $"class weights: the weight of class '{name}' must be finite and ≥ 0, found {weight.ToString("R", CultureInfo.InvariantCulture)}");
            weights[c] = weight;
        }
        return weights.ToImmutableArray();
    }

    /// <summary>
    /// <paramref name="data"/> with each row's weight (1 when it had none) multiplied by its class's weight. Weights that
    /// leave no row with a positive weight are an error: the weighted cost would have no data term.
    /// </summary>
    public static Either<Error, Dataset> Apply(Dataset data, ImmutableArray<double> classWeights)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labels = data.Labels;
        if (classWeights.Length != data.Classes.ClassCount)
            throw new ArgumentException($"expected {data.Classes.ClassCount} class weights, found {classWeights.Length}", nameof(classWeights));
        var weights = new double[data.Count];
        for (int r = 0; r < weights.Length; r++) weights[r] = (data.Weights.IsDefault ? 1 : data.Weights[r]) * classWeights[labels[r]];
        if (weights.Length > 0 && weights.All(w => w == 0))
            return new Error("class-weight.zero", "class weights: they give every row weight 0, so there is nothing to learn from");
        return data.WithWeights([.. weights]);
    }
}
