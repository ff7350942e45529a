using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Data.Loading;
using FunctionalNet.Data.Tables;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// <c>--weight-column</c> on a raw table: the column (by name, exactly, else ignoring case) leaves the features before
/// the preprocessing is fitted, and its numbers become the rows' weights, checked as <see cref="WeightColumn"/> checks
/// a numeric file's: present in every row, ≥ 0, not all zero, with a finite sum.
/// </summary>
internal static class TableWeights
{
    /// <summary>The feature columns without the weight column, its name (null when none was asked) and the weights (default when none).</summary>
    public static Either<CliError, (Table Features, string? Column, ImmutableArray<double> Weights)> Take(Table features, string? name, string source)
    {
        if (name is null) return (features, null, default);
        var column = features.Column(name.Trim()) ?? features.Columns.FirstOrDefault(c => string.Equals(c.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (column is null)
            return Fail("csv.weight-column", $"{source}: expected a weight column named \"{name.Trim()}\", found {string.Join(", ", features.Columns.Select(c => $"\"{c.Name}\""))}");
        if (features.Columns.Length == 1)
            return Fail("csv.no-features", $"{source}: the weight column \"{column.Name}\" is the only feature column; expected at least one more");
        if (column is not NumberColumn numbers)
            return Fail("csv.weight", $"{source}, column \"{column.Name}\": expected weights (numbers), found text such as \"{((TextColumn)column).Values.FirstOrDefault(v => v is not null)}\"");
        for (int r = 0; r < numbers.Count; r++)
        {
            if (numbers.IsMissing(r)) return Fail("csv.weight", $"{features.Where(r, column.Name)}: expected a weight ≥ 0, found a missing cell");
            if (numbers.Values[r] < 0)
                return Fail("csv.weight", string.Create(CultureInfo.InvariantCulture, $"{features.Where(r, column.Name)}: expected a weight ≥ 0, found {numbers.Values[r]:R}"));
        }
        if (numbers.Values.All(w => w == 0))
            return Fail("csv.weight", $"{source}, column \"{column.Name}\": expected at least one positive weight, found only zeros");
        if (!(numbers.Values.Sum() <= WeightColumn.LargestSum))
            return Fail("csv.weight", string.Create(CultureInfo.InvariantCulture,
                $"{source}, column \"{column.Name}\": expected weights summing to at most {WeightColumn.LargestSum:R}; only the ratios between weights matter, so scale the column down"));
        return (features.Without([column.Name]), column.Name, numbers.Values);
    }

    private static CliError Fail(string code, string message) => new(new Error(code, message));
}
