using FunctionalNet.Cli.Storage;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>Rows of a CSV file checked against a loaded model: the raw features, and class labels in the model's numbering.</summary>
internal sealed record ModelInput(Matrix<double> Features, IReadOnlyList<int>? Labels);

/// <summary>Reads prediction and evaluation files for a model, checking the feature count and class names.</summary>
internal static class ModelInputs
{
    /// <summary>
    /// Features to predict on: IDX images, or CSV rows. A CSV file with one column more than the model's inputs is
    /// taken to carry labels, which are dropped: the card's label column, else <paramref name="label"/>, else the last column.
    /// </summary>
    public static Either<CliError, ModelInput> Unlabelled(LoadedModel model, string path, string? label) =>
        from format in IdxFiles.Format(path, "data file")
        from input in format switch
        {
            DataFileFormat.Csv => Unlabelled(model, path, label, CsvFiles.Load),
            DataFileFormat.Parquet => Unlabelled(model, path, label, ParquetFiles.Load),
            DataFileFormat.IdxImages => IdxUnlabelled(model, path),
            _ => LabelledFiles.Unreadable(format, path, labelsOption: null),
        }
        select input;

    /// <summary>
    /// Features and labels, from CSV or from IDX images with the IDX label file <paramref name="labels"/>; every
    /// label must be one of the model's classes, but any number of them (even one) may be absent.
    /// </summary>
    public static Either<CliError, ModelInput> Labelled(LoadedModel model, string path, string? label, string? labels) =>
        from data in LabelledFiles.Load(path, labels, Scoring(model, label))
        from _ in CheckWidth(model, data.FeatureCount, path)
        from renumbered in Renumber(model, data, path)
        select new ModelInput(data.Features, renumbered);

    // CSV or Parquet, read by `load`.
    private static Either<CliError, ModelInput> Unlabelled(LoadedModel model, string path, string? label, Func<string, CsvOptions, Either<CliError, Dataset>> load)
    {
        var numeric = load(path, CsvOptions.Default with { Task = CsvTask.Unlabelled });
        if (numeric.IsLeft)
        {
            // A non-numeric column may be the labels (e.g. "red"): read the file as labelled data and keep its features.
            var labelled = load(path, Scoring(model, label));
            if (labelled.IsRight) numeric = labelled;
        }
        return
            from data in numeric
            from features in Features(model, data, path, label)
            select new ModelInput(features, null);
    }

    private static Either<CliError, ModelInput> IdxUnlabelled(LoadedModel model, string path) =>
        from images in IdxFiles.Read(path, "data file")
        from _ in images.ItemSize == model.Inputs ? Prelude.Right<CliError, Unit>(Unit.Default)
            : new CliError(new Error("data.features", $"{path} holds images of {string.Join("×", images.Dimensions.Skip(1))} = {images.ItemSize} values but the model expects {model.Inputs} features"))
        select new ModelInput(IdxFiles.Features(images), null);

    // A file to score may hold only some of the model's classes, even one (all the 7s); only training needs two.
    private static CsvOptions Scoring(LoadedModel model, string? label) =>
        CsvOptions.Default with { Label = LabelColumn.Parse(label ?? model.Card.Preprocessing.LabelColumn ?? "-1"), AllowSingleClass = true };

    private static Either<CliError, Matrix<double>> Features(LoadedModel model, Dataset data, string path, string? label)
    {
        if (data.FeatureCount == model.Inputs) return data.Features;
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

    private static Either<CliError, Unit> CheckWidth(LoadedModel model, int features, string path) =>
        features == model.Inputs ? Unit.Default : Mismatch(model, features, path);

    private static CliError Mismatch(LoadedModel model, int found, string path) =>
        new(new Error("data.features", $"{path} has {found} feature columns but the model expects {model.Inputs}" + Names(model.Card.Preprocessing.Features)));

    // A few names say what the model expects; all 784 of an MNIST model would not fit on the one error line.
    private static string Names(System.Collections.Immutable.ImmutableArray<string> names) =>
        names.IsDefaultOrEmpty ? ""
        : names.Length <= 8 ? $" ({string.Join(", ", names)})"
        : $" ({string.Join(", ", names.Take(3))}, …, {names[^1]})";

    private static Either<CliError, IReadOnlyList<int>> Renumber(LoadedModel model, Dataset data, string path)
    {
        var classes = model.Classes.ToList();
        var names = data.Classes.ClassNames;
        var unknown = names.FirstOrDefault(n => !classes.Contains(n));
        if (unknown is not null)
            return new CliError(new Error("data.classes", $"{path} has label '{unknown}', which is not one of the model's classes ({string.Join(", ", classes)})"));
        var map = names.Select(n => classes.IndexOf(n)).ToArray();
        return data.Labels.Select(l => map[l]).ToArray();
    }
}
