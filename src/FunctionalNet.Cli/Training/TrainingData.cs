using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The data side of <c>fnet train</c>: a built-in set, CSV file or IDX images (plus an optional test file, which may
/// hold a single class as it is only scored), checked for consistency,
/// split into training and test parts from forks 0–1 of the seed's key (the library's plan holds out the validation part
/// from fork 2 and fits the scaler on training).
/// Sample weights (--weight-column) travel with their rows through the split; class weights (--class-weight) are
/// computed by the plan on the training part and multiplied into the training and validation parts' weights.
/// </summary>
internal static class TrainingData
{
    /// <summary>
    /// Loads and splits the data of <paramref name="s"/>, deciding the task when --task was not given: a regression
    /// for a regression data set, several --label columns, or (when <paramref name="squaredError"/>) a label column
    /// that is not integer-valued, which <paramref name="note"/> then reports in one line.
    /// </summary>
    public static LanguageExt.Either<CliError, PreparedData> Prepare(TrainSettings s, bool squaredError, Action<string> note) =>
        Load(s, squaredError, note).Bind(loaded => Split(s, loaded, Rng.Create(s.Seed)));

    /// <summary>The data <paramref name="s"/> names with its test part (its own, or --test-data's), checked, not yet split.</summary>
    internal static LanguageExt.Either<CliError, LoadedData> Load(TrainSettings s, bool squaredError = false, Action<string>? note = null)
    {
        // fnet train runs a multi-label model through the library's fit (MultiLabelTraining); nothing here reads one.
        if (s.Task == FunctionalNet.Formats.ModelCard.MultiLabel)
            return new CliError(new Error("options.task", "--task multilabel is trained by fnet train on a CSV or Parquet file; fnet sweep does not sweep multi-label models yet"));
        var rng = Rng.Create(s.Seed);
        return
            from loaded in DataCatalog.IsBuiltIn(s.Data)
                ? DataCatalog.Load(s.Data, s.Samples, s.Noise, rng.Fork(0)).Bind(d => BuiltInTask(s, d))
                : File.Exists(s.Data) || s.Data.Contains('.', StringComparison.Ordinal) || s.Data.Contains('/', StringComparison.Ordinal)
                    ? TableTraining.Or(s, () => FromFile(s, squaredError, note ?? (_ => { })).Bind(d => Weighed(s, d, s.Data)).Map(d => new LoadedData(d, null)))
                    : new CliError(new Error("options.data", $"--data '{s.Data}' is neither a built-in data set ({string.Join(", ", DataCatalog.Entries.Select(e => e.Name))}) nor a file"))
            from withTest in s.TestData is { } path && loaded.Table is null
                ? (loaded.Data.Targets is ValueTargets
                    ? RegressionFiles.Load(path, s.Label)
                    : LabelledFiles.Load(path, s.TestLabels, Csv(s) with { AllowSingleClass = true }, "--test-labels")).Map(d => loaded with { Test = s.WeightColumn is { } column ? WeightColumn.Drop(d, column) : d })
                : LanguageExt.Prelude.Right<CliError, LoadedData>(loaded)
            from consistent in Consistent(withTest)
            from aligned in s.Warm is { } warm ? Aligned(consistent, warm) : LanguageExt.Prelude.Right<CliError, LoadedData>(consistent)
            select aligned;
    }

    // The weight column leaves the features before anything else sees them.
    private static LanguageExt.Either<CliError, Dataset> Weighed(TrainSettings s, Dataset data, string source) =>
        s.WeightColumn is { } column ? WeightColumn.Take(data, column.Trim(), source).MapLeft(e => new CliError(e)) : data;

    // Features are read in the working precision (float for --dtype float32: 4 bytes a value); a weight column is
    // read as a feature, so weighted data stays double to keep its weights exact.
    private static CsvOptions Csv(TrainSettings s) =>
        (s.Label is null ? CsvOptions.Default : CsvOptions.Default with { Label = LabelOption.Column(s.Label) })
            with { SinglePrecision = s.Float32 && s.WeightColumn is null && !s.IsMinimizer() };

    // A built-in set is what it is: --task may only confirm it.
    private static LanguageExt.Either<CliError, LoadedData> BuiltInTask(TrainSettings s, LoadedData loaded)
    {
        bool regression = loaded.Data.Targets is ValueTargets;
        return s.Task is null || (s.Task == "regression") == regression ? loaded
            : new CliError(new Error("options.task", regression
                ? $"--data {s.Data} is a regression data set (real-valued targets), but --task is classification"
                : $"--data {s.Data} is a classification data set (class labels), but --task is regression; train a regression on friedman or a CSV file"));
    }

    private static LanguageExt.Either<CliError, Dataset> FromFile(TrainSettings s, bool squaredError, Action<string> note)
    {
        if (s.Labels is not null && (s.Task == "regression" || RegressionFiles.NamesSeveral(s.Label)))
            return new CliError(new Error("options.task", $"--labels {s.Labels} goes with IDX images, but a regression reads its targets from CSV columns (--label)"));
        if (RegressionFiles.NamesSeveral(s.Label))
        {
            if (s.Task == "classification")
                return new CliError(new Error("options.task", $"--label {s.Label} names several target columns, which only a regression has, but --task is classification"));
            if (s.Task is null) note($"training a regression: --label {s.Label} names several target columns (--task regression says so without this note)");
            return RegressionFiles.Load(s.Data, s.Label);
        }
        if (s.Task == "regression") return RegressionFiles.Load(s.Data, s.Label);
        return LabelledFiles.Load(s.Data, s.Labels, Csv(s)).Bind(data =>
        {
            // scikit-learn's type_of_target: numbers with a fractional part are a continuous target, never classes.
            if (RegressionFiles.ContinuousExample(data.Classes) is not { } example) return data;
            string column = $"the label column{(s.Label is null ? "" : $" '{s.Label}'")} of {s.Data}";
            if (s.Task is null && squaredError)
            {
                note($"training a regression: {column} is not integer-valued (e.g. {example}) and the loss is mse (--task regression says so without this note)");
                return RegressionFiles.Load(s.Data, s.Label);
            }
            return new CliError(new Error("data.continuous",
                $"{column} is continuous (e.g. {example}, and {data.Classes.ClassCount} distinct values), not class labels: train a regression with --task regression"));
        });
    }

    // --init-from: the data's task must be the model's, and a classifier's labels are renumbered by the model's classes
    // (the data may hold some of them; a class the model does not know is an error).
    private static LanguageExt.Either<CliError, LoadedData> Aligned(LoadedData loaded, FunctionalNet.Formats.StoredModel warm)
    {
        bool regression = loaded.Data.Targets is ValueTargets;
        if (regression != warm.Card.IsRegression)
            return new CliError(new Error("options.init-from", $"--init-from: the model is a {warm.Card.TaskOrDefault} model, the data is for a {(regression ? "regression" : "classification")}"));
        if (regression) return loaded;
        var classes = warm.Classes;
        LanguageExt.Either<CliError, Dataset> Renumbered(Dataset d)
        {
            var unknown = d.Classes.ClassNames.FirstOrDefault(n => !classes.Contains(n));
            if (unknown is not null)
                return new CliError(new Error("data.classes", $"--init-from: the data has class '{unknown}', which the model does not know (it knows {string.Join(", ", classes)})"));
            var map = d.Classes.ClassNames.Select(n => classes.IndexOf(n)).ToArray();
            return Dataset.Classification(d.Features, d.Labels.Select(l => map[l]), classes, d.FeatureNames).WithWeights(d.Weights);
        }
        return loaded.Test is { } test
            ? from data in Renumbered(loaded.Data) from t in Renumbered(test) select new LoadedData(data, t)
            : Renumbered(loaded.Data).Map(data => new LoadedData(data, null));
    }

    private static LanguageExt.Either<CliError, LoadedData> Consistent(LoadedData loaded)
    {
        var (data, test) = (loaded.Data, loaded.Test);
        if (data.Targets is ClassTargets classes && classes.ClassCount < 2)
            return new CliError(new Error("data.classes", $"the data has a single class '{classes.ClassNames[0]}'; classification needs at least 2"));
        if (test is null) return loaded;
        if (test.FeatureCount != data.FeatureCount)
            return new CliError(new Error("data.features", $"the test data has {test.FeatureCount} features but the training data has {data.FeatureCount}"));
        if (data.Targets is ValueTargets) return loaded;
        var unknown = test.Classes.ClassNames.Except(data.Classes.ClassNames).FirstOrDefault();
        if (unknown is not null)
            return new CliError(new Error("data.classes", $"the test data has class '{unknown}', which the training data does not"));
        // The loader numbers classes per file; renumber the test labels by the training data's class names.
        var names = test.Classes.ClassNames;
        var map = names.Select(n => data.Classes.ClassNames.IndexOf(n)).ToArray();
        return loaded with { Test = Dataset.Classification(test.Features, test.Labels.Select(l => map[l]), data.Classes.ClassNames, test.GivenFeatureNames) };
    }

    /// <summary>Training and test parts: the given test part, else a split that keeps class proportions in every part
    /// (real-valued targets have none, so their rows are split at random); an error when a fraction would leave a part
    /// empty. The validation part, class weights and scaling are the library's plan's (<c>Classifier.Plan</c>).</summary>
    internal static LanguageExt.Either<CliError, PreparedData> Split(TrainSettings s, LoadedData loaded, Rng rng)
    {
        var (data, test) = (loaded.Data, loaded.Test);
        if (test is null && SplitProblem("--test-split", s.TestSplit, data.Count, "testing") is { } testProblem) return testProblem;
        var (train, heldOut) = test is null ? FunctionalNet.Split.TrainTest(data, s.TestSplit, rng.Fork(1), data.Targets is ClassTargets) : (data, test);
        // Said in the shell's words before the plan would say it in the library's.
        if (s.ValidationSplit > 0 && SplitProblem("--validation-split", s.ValidationSplit, train.Count, "validation") is { } validationProblem) return validationProblem;
        return new PreparedData(train, heldOut) { Table = loaded.Table, TableNote = loaded.TableNote };
    }

    // A split takes ⌈fraction · rows⌉ rows (Split's rule) and must leave at least one on each side.
    internal static CliError? SplitProblem(string option, double fraction, int rows, string part)
    {
        double taken = Math.Ceiling(fraction * rows);
        return taken >= 1 && taken <= rows - 1 ? null
            : new CliError(new Error("options.split", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{option} {fraction} of {rows} rows leaves {rows - taken} for training and {taken} for {part}; each needs at least one row")));
    }
}
