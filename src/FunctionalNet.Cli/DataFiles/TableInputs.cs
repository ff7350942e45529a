using System.Collections.Immutable;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// The rows a table model (one whose card holds a <see cref="TablePreprocessing"/>) predicts or is scored on: the CSV
/// read as a raw table, its columns found by name, gaps filled and categories encoded by the model's own
/// preprocessing (an unseen category is all zeros unless the model says error). The label column, when present, is ignored or scored.
/// </summary>
internal static class TableInputs
{
    /// <summary>The model's table preprocessing, or null for a model of numeric features.</summary>
    public static TablePreprocessing? Of(SavedEstimator model) => model.Match(c => c.Preprocessing, r => r.Preprocessing, _ => null);

    /// <summary>Features of every row, for <c>fnet predict</c>.</summary>
    public static Either<CliError, ModelInput> Unlabelled(SavedEstimator model, TablePreprocessing preprocessing, string path) =>
        from table in TableFiles.Read(path, Reading(preprocessing))
        from features in TableFiles.OneLine(preprocessing.Transform(table))
        select new ModelInput(features, null);

    /// <summary>Features and labels (indices into the model's classes), for <c>fnet evaluate</c> and <c>importance</c>.</summary>
    public static Either<CliError, ModelInput> Labelled(SavedEstimator model, TablePreprocessing preprocessing, string path, string? label) =>
        from table in TableFiles.Read(path, Reading(preprocessing))
        from name in TableFiles.LabelName(table, label ?? model.Card.Preprocessing.LabelColumn)
        from labelled in TableFiles.OneLine(TableLabels.Classes(table, name))
        from features in TableFiles.OneLine(preprocessing.Transform(labelled.Features))
        from labels in Renumbered(model, labelled.Targets, path)
        select new ModelInput(features, labels);

    /// <summary>Features and a regressor's target values (the columns <paramref name="label"/> lists, else the model's targets), for <c>fnet evaluate</c>.</summary>
    public static Either<CliError, ModelInput> Valued(SavedEstimator model, TablePreprocessing preprocessing, string path, string? label) =>
        from table in TableFiles.Read(path, Reading(preprocessing))
        from names in Targets(table, label, model)
        from valued in TableFiles.OneLine(TableLabels.Values(table, names))
        from features in TableFiles.OneLine(preprocessing.Transform(valued.Features))
        select new ModelInput(features, null, valued.Targets.Values);

    // The target columns --label lists (names or indices), else the model's own target names.
    private static Either<CliError, ImmutableArray<string>> Targets(Table table, string? label, SavedEstimator model) =>
        label is null ? model.Match(_ => ImmutableArray<string>.Empty, r => r.TargetNames, _ => ImmutableArray<string>.Empty)
            : TableFiles.LabelNames(table, RegressionFiles.Columns(label));

    // The model's text columns stay text whatever the file holds ("4" is a category, not a number), and its
    // missing markers (--missing-values at training) mean a gap here too.
    private static TableOptions Reading(TablePreprocessing preprocessing) => TableOptions.Default with
    {
        Categorical = [.. preprocessing.Columns.Where(c => c.IsCategorical).Select(c => c.Name)],
        MissingValues = preprocessing.Markers,
    };

    private static Either<CliError, IReadOnlyList<int>> Renumbered(SavedEstimator model, ClassTargets targets, string path)
    {
        var classes = model.Match(c => c.Classes, _ => ImmutableArray<string>.Empty, _ => ImmutableArray<string>.Empty);
        var unknown = targets.ClassNames.FirstOrDefault(n => !classes.Contains(n));
        if (unknown is not null)
            return new CliError(new Error("data.classes", $"{path} has class '{unknown}', which the model does not know; it knows {string.Join(", ", classes)}"));
        return targets.Labels.Select(l => classes.IndexOf(targets.ClassNames[l])).ToList();
    }
}
