using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// A column of per-sample weights in a table: read as a feature by the loader (so it is numeric and finite, or the
/// loader said where it is not), then moved out of the features into <see cref="Dataset.Weights"/>.
/// </summary>
public static class WeightColumn
{
    /// <summary>The largest sum of weights accepted: the weighted cost's numerator stays finite for losses up to 10⁸ a row.</summary>
    public const double LargestSum = 1e300;

    /// <summary>
    /// <paramref name="data"/> without its feature column named <paramref name="name"/> (exactly, else ignoring case),
    /// whose values become the rows' weights. Errors name <paramref name="source"/>: no such column, a negative weight
    /// (by data row, counted from 1 after any header), or weights that are all zero.
    /// </summary>
    public static Either<Error, Dataset> Take(Dataset data, string name, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(name);
        int column = Find(data, name);
        if (column < 0)
            return new Error("csv.weight-column", $"{source}: expected a weight column named \"{name}\", found {string.Join(", ", data.FeatureNames.Select(n => $"\"{n}\""))}");
        if (data.FeatureCount == 1)
            return new Error("csv.no-features", $"{source}: the weight column \"{name}\" is the only feature column; expected at least one more");
        var weights = new double[data.Count];
        for (int r = 0; r < data.Count; r++) weights[r] = data.Features[r, column];
        if (Check(weights, data.FeatureNames[column], source) is { } refused) return refused;
        return Without(data, column).WithWeights([.. weights]);
    }

    /// <summary>
    /// The problem with a weight column's values (by data row, counted from 1 after any header), or null: a negative
    /// weight, weights that are all zero, or a sum past <see cref="LargestSum"/>. <paramref name="column"/> is its name.
    /// </summary>
    public static Error? Check(IReadOnlyList<double> weights, string column, string source)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(column);
        for (int r = 0; r < weights.Count; r++)
            if (weights[r] < 0)
                return new Error("csv.weight", string.Create(CultureInfo.InvariantCulture,
                    $"{source}, data row {r + 1}, column \"{column}\": expected a weight ≥ 0, found {weights[r]:R}"));
        if (weights.All(w => w == 0))
            return new Error("csv.weight", $"{source}, column \"{column}\": expected at least one positive weight, found only zeros");
        // The cost is Σ wᵢℓᵢ / Σ wᵢ: a sum past this bound overflows it, which would surface as a divergence blamed on
        // the learning rate. Only the weights' ratios matter, so the user can rescale the column.
        double sum = 0;
        foreach (double w in weights) sum += w;
        if (!(sum <= LargestSum))
            return new Error("csv.weight", string.Create(CultureInfo.InvariantCulture,
                $"{source}, column \"{column}\": expected weights summing to at most {LargestSum:R}, found a sum of {sum:R}; only the ratios between weights matter, so scale the column down"));
        return null;
    }

    /// <summary>
    /// <paramref name="data"/> without its column named <paramref name="name"/> when it has one (a test file may carry the
    /// training file's weight column, which scoring does not use), else unchanged.
    /// </summary>
    public static Dataset Drop(Dataset data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        int column = Find(data, name);
        return column < 0 || data.FeatureCount == 1 ? data : Without(data, column);
    }

    private static int Find(Dataset data, string name) => Find(data.FeatureNames, name);

    /// <summary>The index of the column named <paramref name="name"/> (exactly, else ignoring case) among <paramref name="names"/>, or −1.</summary>
    public static int Find(IReadOnlyList<string> names, string name)
    {
        ArgumentNullException.ThrowIfNull(names);
        int column = names.ToList().IndexOf(name);
        return column >= 0 ? column : names.ToList().FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }

    private static Dataset Without(Dataset data, int column)
    {
        int[] keep = [.. Enumerable.Range(0, data.FeatureCount).Where(c => c != column)];
        var features = new double[data.Count * keep.Length];
        for (int r = 0; r < data.Count; r++)
            for (int j = 0; j < keep.Length; j++) features[r * keep.Length + j] = data.Features[r, keep[j]];
        ImmutableArray<string> names = data.GivenFeatureNames.IsEmpty ? [] : [.. keep.Select(c => data.FeatureNames[c])];
        return new Dataset(FunctionalNet.Matrix<double>.Create(data.Count, keep.Length, features), data.Targets, names).WithWeights(data.Weights);
    }
}
