using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Formats;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>Rows of a CSV file checked against a loaded model: the raw features, and class labels in the model's
/// numbering, or a regressor's target values or a multi-label model's 0/1 indicators.</summary>
internal sealed record ModelInput(Matrix<double> Features, IReadOnlyList<int>? Labels, Matrix<double>? Values = null);

/// <summary>
/// Reads prediction and evaluation files for a model, checking class names and features: by name when both the
/// model and the file name their columns (<see cref="FeatureColumns"/>), else by position with the count checked.
/// </summary>
internal static class ModelInputs
{
    /// <summary>
    /// Features to predict on: IDX images, or CSV rows. A CSV file with one column more than the model's inputs is
    /// taken to carry labels, which are dropped: the card's label column, else <paramref name="label"/>, else the last column.
    /// </summary>
    public static Either<CliError, ModelInput> Unlabelled(SavedEstimator model, string path, string? label) =>
        TableInputs.Of(model) is { } table ? TableInputs.Unlabelled(model, table, path) : DataSource.Use(path, "data file", source => source.Format switch
        {
            DataFileFormat.Csv => Unlabelled(model, source, label, CsvFiles.Read),
            DataFileFormat.Parquet => Unlabelled(model, source, label, ParquetFiles.Read),
            DataFileFormat.IdxImages => IdxUnlabelled(model, source),
            var format => LabelledFiles.Unreadable(format, path, labelsOption: null),
        });

    /// <summary>
    /// Features and labels, from CSV or from IDX images with the IDX label file <paramref name="labels"/>; every
    /// label must be one of the model's classes, but any number of them (even one) may be absent.
    /// </summary>
    public static Either<CliError, ModelInput> Labelled(SavedEstimator model, string path, string? label, string? labels) =>
        TableInputs.Of(model) is { } table ? TableInputs.Labelled(model, table, path, label) :
        from data in LabelledFiles.Load(path, labels, Scoring(model, label))
        from features in FeatureColumns.ByName(model.Card.Preprocessing.Features, data, path, ignored: null)
            ?? CheckWidth(model, data.FeatureCount, path).Map(_ => data.Features)
        from renumbered in Renumber(model, data, path)
        select new ModelInput(features, renumbered);

    /// <summary>
    /// A regressor's features and target values from CSV: the targets are the columns <paramref name="label"/> lists,
    /// else those the model was trained on (its --label, else the last column), one per output.
    /// </summary>
    public static Either<CliError, ModelInput> Valued(SavedEstimator model, string path, string? label, string? labels) =>
        TableInputs.Of(model) is { } table ? TableInputs.Valued(model, table, path, label) : Columns(model, path, label, labels, "a regressor is scored on CSV target columns (--label)", RegressionFiles.Load);

    /// <summary>
    /// A multi-label classifier's features and 0/1 label columns from CSV or Parquet: the columns <paramref name="label"/>
    /// lists, else those the model was trained on, one per output.
    /// </summary>
    public static Either<CliError, ModelInput> Indicators(SavedEstimator model, string path, string? label, string? labels) =>
        Columns(model, path, label, labels, "a multi-label model is scored on CSV or Parquet label columns (--label)", MultiLabelFiles.Load);

    // Features and one value column per output, read by `load` from the columns --label (or the card) names.
    private static Either<CliError, ModelInput> Columns(SavedEstimator model, string path, string? label, string? labels, string scoredOn,
        Func<string, string?, Either<CliError, Dataset>> load) =>
        from _ in labels is null ? Prelude.Right<CliError, Unit>(Unit.Default)
            : new CliError(new Error("options.labels", $"--labels {labels} goes with IDX images, but {scoredOn}"))
        from data in load(path, label ?? model.Card.Preprocessing.LabelColumn)
        from features in FeatureColumns.ByName(model.Card.Preprocessing.Features, data, path, ignored: null)
            ?? CheckWidth(model, data.FeatureCount, path).Map(_ => data.Features)
        let values = ((ValueTargets)data.Targets).Values
        let names = TargetNames(model)
        from targets in values.Cols == names.Length ? Prelude.Right<CliError, Unit>(Unit.Default)
            : new CliError(new Error("data.targets", $"{path} has {values.Cols} target column(s) but the model predicts {names.Length} ({string.Join(", ", names)})"))
        select new ModelInput(features, null, values);

    // CSV or Parquet, read by `read`.
    private static Either<CliError, ModelInput> Unlabelled(SavedEstimator model, DataSource source, string? label, Func<DataSource, CsvOptions, Either<CliError, Dataset>> read)
    {
        // The text may be read twice (below), and a pipe only once: it is held in memory, within the data cap.
        using var text = new MemoryStream();
        source.Stream.CopyTo(text);
        string path = source.Path;
        DataSource Again() => source with { Stream = new MemoryStream(text.GetBuffer(), 0, (int)text.Length, writable: false) };
        var numeric = read(Again(), CsvOptions.Default with { Task = CsvTask.Unlabelled });
        if (numeric.IsLeft)
        {
            // A non-numeric column may be the labels (e.g. "red"): read the file as labelled data and keep its features.
            // When that read fails too on a cell, the cell is a feature's (the labels were read as labels), so it is the one to name.
            var labelled = read(Again(), Scoring(model, label));
            if (labelled.IsRight || labelled.Swap().Exists(e => e.Error.Code is "csv.non-numeric" or "csv.non-finite" or "csv.precision" or "parquet.non-finite" or "parquet.precision")) numeric = labelled;
        }
        return
            from data in numeric
            from features in Features(model, data, path, label)
            select new ModelInput(features, null);
    }

    private static Either<CliError, ModelInput> IdxUnlabelled(SavedEstimator model, DataSource source) =>
        from images in IdxFiles.Read(source)
        from _ in images.ItemSize == model.Inputs ? Prelude.Right<CliError, Unit>(Unit.Default)
            : new CliError(new Error("data.features", $"{source.Path} holds images of {string.Join("×", images.Dimensions.Skip(1))} = {images.ItemSize} values but the model expects {model.Inputs} features"))
        select new ModelInput(IdxFiles.Features(images), null);

    // A file to score may hold only some of the model's classes, even one (all the 7s); only training needs two.
    private static CsvOptions Scoring(SavedEstimator model, string? label) =>
        CsvOptions.Default with { Label = LabelOption.Column(label ?? model.Card.Preprocessing.LabelColumn), AllowSingleClass = true };

    private static Either<CliError, Matrix<double>> Features(SavedEstimator model, Dataset data, string path, string? label)
    {
        if (FeatureColumns.ByName(model.Card.Preprocessing.Features, data, path, LabelName(label ?? model.Card.Preprocessing.LabelColumn, data)) is { } named)
            return named;
        if (data.FeatureCount == model.Inputs) return data.Features;
        // A regressor's (or multi-label model's) file may still carry its target columns, which are dropped like a classifier's label column.
        if ((model.Card.IsRegression || model.Card.IsMultiLabel) && data.FeatureCount == model.Inputs + TargetNames(model).Length)
            return RegressionFiles.Split(data, RegressionFiles.Columns(label ?? model.Card.Preprocessing.LabelColumn), path).Map(d => d.Features);
        if (data.FeatureCount != model.Inputs + 1) return Mismatch(model, data.FeatureCount, path);
        string? name = label ?? model.Card.Preprocessing.LabelColumn;
        int drop = name is not null && data.FeatureNames.IndexOf(name) is >= 0 and var at ? at
            : int.TryParse(name, System.Globalization.CultureInfo.InvariantCulture, out int index) && index >= 0 && index <= model.Inputs ? index
            : model.Inputs;
        int[] keep = [.. Enumerable.Range(0, data.FeatureCount).Where(c => c != drop)];
        var values = new double[data.Count * keep.Length];
        for (int r = 0; r < data.Count; r++)
            for (int c = 0; c < keep.Length; c++)
                values[r * keep.Length + c] = data.Features[r, keep[c]];
        return Matrix<double>.Create(data.Count, keep.Length, values);
    }

    // The label column's name in this file: given by name, or by position among its columns.
    private static string? LabelName(string? label, Dataset data) =>
        label is not null && !data.FeatureNames.Contains(label)
            && int.TryParse(label, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int at) && at < data.FeatureCount
            ? data.FeatureNames[at]
            : label;

    private static Either<CliError, Unit> CheckWidth(SavedEstimator model, int features, string path) =>
        features == model.Inputs ? Unit.Default : Mismatch(model, features, path);

    private static CliError Mismatch(SavedEstimator model, int found, string path) =>
        new(new Error("data.features", $"{path} has {found} feature columns but the model expects {model.Inputs}" + Names(model.Card.Preprocessing.Features)));

    // A few names say what the model expects; all 784 of an MNIST model would not fit on the one error line.
    private static string Names(System.Collections.Immutable.ImmutableArray<string> names) =>
        names.IsDefaultOrEmpty ? ""
        : names.Length <= 8 ? $" ({string.Join(", ", names)})"
        : $" ({string.Join(", ", names.Take(3))}, …, {names[^1]})";

    private static Either<CliError, IReadOnlyList<int>> Renumber(SavedEstimator model, Dataset data, string path)
    {
        var classes = model.Match(c => c.Classes, _ => [], _ => []).ToList();
        var names = data.Classes.ClassNames;
        var unknown = names.FirstOrDefault(n => !classes.Contains(n));
        if (unknown is not null)
            return new CliError(new Error("data.classes", $"{path} has label '{unknown}', which is not one of the model's classes ({string.Join(", ", classes)})"));
        var map = names.Select(n => classes.IndexOf(n)).ToArray();
        return data.Labels.Select(l => map[l]).ToArray();
    }

    private static System.Collections.Immutable.ImmutableArray<string> TargetNames(SavedEstimator model) => model.Match(_ => [], r => r.TargetNames, m => m.Labels);
}
