using System.Collections.Immutable;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Formats;

namespace FunctionalNet.Cli.Scores;

/// <summary>
/// What <c>fnet importance</c> shuffles: for a table model each raw column (its one-hot columns and indicator
/// together, as the column itself shuffled would be encoded), named by the column; otherwise each feature.
/// </summary>
internal static class TableImportance
{
    /// <summary>The groups of feature columns to shuffle together.</summary>
    public static ImmutableArray<ImmutableArray<int>> Groups(SavedEstimator model, int features) =>
        TableInputs.Of(model) is { } table ? table.FeatureGroups : [.. Enumerable.Range(0, features).Select(j => ImmutableArray.Create(j))];

    /// <summary>The name of each group: the raw column's, or the feature's.</summary>
    public static ImmutableArray<string> Names(SavedEstimator model) =>
        TableInputs.Of(model) is { } table ? [.. table.Columns.Select(c => c.Name)] : model.FeatureNames;
}
