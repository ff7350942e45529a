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
/// Sample weights (--weight-column) travel with their rows through the split; class weights (--class-weight) are
/// computed on the training part and multiplied into the training and validation parts' weights.
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
                    ? LabelledFiles.Load(s.Data, s.Labels, Csv(s.Label)).Bind(d => Weighed(s, d, s.Data)).Map(d => new LoadedData(d, null))
                    : new CliError(new Error("options.data", $"--data '{s.Data}' is neither a built-in data set ({string.Join(", ", DataCatalog.Entries.Select(e => e.Name))}) nor a file"))
            from withTest in s.TestData is { } path
                ? LabelledFiles.Load(path, s.TestLabels, Csv(s.Label) with { AllowSingleClass = true }, "--test-labels")
                    .Map(d => loaded with { Test = s.WeightColumn is { } column ? WeightColumn.Drop(d, column) : d })
                : LanguageExt.Prelude.Right<CliError, LoadedData>(loaded)
            from consistent in Consistent(withTest)
            from weighted in ClassWeighted(s, Split(s, consistent, rng))
            select weighted;
    }

    // The weight column leaves the features before anything else sees them.
    private static LanguageExt.Either<CliError, Dataset> Weighed(TrainSettings s, Dataset data, string source) =>
        s.WeightColumn is { } column ? WeightColumn.Take(data, column.Trim(), source).MapLeft(e => new CliError(e)) : data;

    // scikit-learn computes 'balanced' on the y given to fit: here the training part.
    private static LanguageExt.Either<CliError, PreparedData> ClassWeighted(TrainSettings s, PreparedData data) =>
        s.ClassWeight is not { } spec ? data
            : from weights in Weighting.For(spec, data.Train.Classes)
              from train in ClassWeights.Apply(data.Train, weights).MapLeft(e => new CliError(e))
              from weighted in data.Validation is { } v
                  ? ClassWeights.Apply(v, weights).MapLeft(e => new CliError(e)).Map(validation => data with { Validation = validation })
                  : data
              select weighted with { Train = train, ClassWeights = weights };

    private static CsvOptions Csv(string? label) => label is null ? CsvOptions.Default : CsvOptions.Default with { Label = LabelColumn.Parse(label) };

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

    private static PreparedData Split(TrainSettings s, LoadedData loaded, Rng rng)
    {
        var (data, test) = (loaded.Data, loaded.Test);
        var (train, heldOut) = test is null ? FunctionalNet.Data.Split.TrainTest(data, s.TestSplit, rng.Fork(1)) : (data, test);
        if (s.ValidationSplit > 0)
        {
            var (fit, validation) = FunctionalNet.Data.Split.TrainTest(train, s.ValidationSplit, rng.Fork(2));
            return PreparedData.Create(fit, validation, heldOut, s.Scale);
        }
        return PreparedData.Create(train, null, heldOut, s.Scale);
    }
}
