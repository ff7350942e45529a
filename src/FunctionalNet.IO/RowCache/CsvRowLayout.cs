using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Data.Loading;

namespace FunctionalNet.IO;

/// <summary>
/// Where a streamed CSV row's parts are (indices into the row the loader parses): the features, a regression's target
/// columns, the weight column. Found as the loaded table finds them — targets among every column
/// (<see cref="TargetColumns"/>), the weight among the features left (<see cref="WeightColumn"/>), placeholders x0, x1, …
/// for a file without a header — so the streamed cache is the loaded one.
/// </summary>
internal sealed record CsvRowLayout(int[] Features, int[] Targets, int Weight, ImmutableArray<string> GivenNames, ImmutableArray<string> TargetNames, Error? Problem)
{
    /// <summary>
    /// The layout of rows of <paramref name="width"/> parsed values under the header's <paramref name="names"/> (default when
    /// there is none, or none known yet); a column not found, or a weight column that is the only feature, is its <see cref="Problem"/>.
    /// </summary>
    public static CsvRowLayout Of(int width, ImmutableArray<string> names, CsvCacheColumns columns, string source)
    {
        var all = names.IsDefault ? Placeholders(width) : names;
        int[] targets = [];
        if (columns.Targets is { } listed && !TargetColumns.Resolve(listed, all, source).TryRight(out targets, out var wrong)) return Refused(wrong);
        int[] features = [.. Enumerable.Range(0, width).Where(c => !targets.Contains(c))];
        var featureNames = names.IsDefault ? Placeholders(features.Length) : [.. features.Select(c => names[c])];
        int weight = -1;
        if (columns.Weight is { } name)
        {
            int at = WeightColumn.Find(featureNames, name);
            if (at < 0) return Refused(new Error("csv.weight-column", $"{source}: expected a weight column named \"{name}\", found {string.Join(", ", featureNames.Select(n => $"\"{n}\""))}"));
            if (features.Length == 1) return Refused(new Error("csv.no-features", $"{source}: the weight column \"{name}\" is the only feature column; expected at least one more"));
            weight = features[at];
            features = [.. features.Where(c => c != weight)];
        }
        return new CsvRowLayout(features, targets, weight, names.IsDefault ? default : [.. features.Select(c => names[c])], [.. targets.Select(c => all[c])], null);
    }

    /// <summary>The weight column's name (its placeholder in a file without a header).</summary>
    public string WeightName(ImmutableArray<string> names) => names.IsDefault ? Placeholder(Weight - Targets.Count(c => c < Weight)) : names[Weight];

    private static CsvRowLayout Refused(Error problem) => new([], [], -1, default, [], problem);

    private static ImmutableArray<string> Placeholders(int count) => [.. Enumerable.Range(0, count).Select(Placeholder)];

    private static string Placeholder(int i) => "x" + i.ToString(CultureInfo.InvariantCulture);
}
