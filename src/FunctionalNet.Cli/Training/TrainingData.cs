using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Randomness;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The data side of <c>fnet train</c>: a built-in set, CSV file or IDX images (plus an optional test file, which may
/// hold a single class as it is only scored), checked for consistency,
/// split into training, validation and test parts from forks 0–2 of the seed's key, and a scaler fitted on training.
/// </summary>
internal static class TrainingData
{
    public static LanguageExt.Either<CliError, PreparedData> Prepare(TrainSettings s)
    {
        var rng = Rng.Create(s.Seed);
        return
            from loaded in DataCatalog.IsBuiltIn(s.Data)
                ? DataCatalog.Load(s.Data, s.Samples, s.Noise, rng.Fork(0))
                : File.Exists(s.Data) || s.Data.Contains('.', StringComparison.Ordinal) || s.Data.Contains('/', StringComparison.Ordinal)
                    ? LabelledFiles.Load(s.Data, s.Labels, Csv(s.Label, s.Float32)).Map(d => new LoadedData(d, null))
                    : new CliError(new Error("options.data", $"--data '{s.Data}' is neither a built-in data set ({string.Join(", ", DataCatalog.Entries.Select(e => e.Name))}) nor a file"))
            from withTest in s.TestData is { } path
                ? LabelledFiles.Load(path, s.TestLabels, Csv(s.Label, s.Float32) with { AllowSingleClass = true }, "--test-labels").Map(d => loaded with { Test = d })
                : LanguageExt.Prelude.Right<CliError, LoadedData>(loaded)
            from consistent in Consistent(withTest)
            select Split(s, consistent, rng);
    }

    // float32 runs read CSV features straight into float: half the memory, and no converted copy later.
    private static CsvOptions Csv(string? label, bool single) =>
        (label is null ? CsvOptions.Default : CsvOptions.Default with { Label = LabelColumn.Parse(label) }) with { SinglePrecision = single };

    private static LanguageExt.Either<CliError, LoadedData> Consistent(LoadedData loaded)
    {
        var (data, test) = (loaded.Data, loaded.Test);
        if (data.Classes.ClassCount < 2)
            return new CliError(new Error("data.classes", $"the data has a single class '{data.Classes.ClassNames[0]}'; classification needs at least 2"));
        if (test is null) return loaded;
        if (test.FeatureCount != data.FeatureCount)
            return new CliError(new Error("data.features", $"the test data has {test.FeatureCount} features but the training data has {data.FeatureCount}"));
        var unknown = test.Classes.ClassNames.Except(data.Classes.ClassNames).FirstOrDefault();
        if (unknown is not null)
            return new CliError(new Error("data.classes", $"the test data has class '{unknown}', which the training data does not"));
        // The loader numbers classes per file; renumber the test labels by the training data's class names.
        var names = test.Classes.ClassNames;
        var map = names.Select(n => data.Classes.ClassNames.IndexOf(n)).ToArray();
        return loaded with { Test = Dataset.Classification(test.Features, test.Labels.Select(l => map[l]), data.Classes.ClassNames, test.FeatureNames) };
    }

    // Splits by row indices (the same rows Split.TrainTest would pick) so the parts are gathered, scaled, once.
    private static PreparedData Split(TrainSettings s, LoadedData loaded, Rng rng)
    {
        var (data, test) = (loaded.Data, loaded.Test);
        var (train, heldOut) = test is null
            ? FunctionalNet.Data.Split.StratifiedIndices(data.Labels, s.TestSplit, rng.Fork(1))
            : ([.. Enumerable.Range(0, data.Count)], [.. Enumerable.Range(0, test.Count)]);
        if (s.ValidationSplit > 0)
        {
            var (fit, validation) = FunctionalNet.Data.Split.StratifiedIndices([.. train.Select(r => data.Labels[r])], s.ValidationSplit, rng.Fork(2));
            return PreparedData.Create(data, [.. fit.Select(i => train[i])], [.. validation.Select(i => train[i])], test ?? data, heldOut, s.Scale);
        }
        return PreparedData.Create(data, train, default, test ?? data, heldOut, s.Scale);
    }
}
