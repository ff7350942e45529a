using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// One fold's parts: the rows of the loaded data; for a raw table, encoded by a preprocessing fitted on the fold's
/// training rows alone (a category seen only in its held-out rows is unknown there, as on new data), with the
/// network's inputs set to that fold's feature count.
/// </summary>
internal static class TableFolds
{
    /// <summary>
    /// The network the fold trains (<paramref name="architecture"/> with its inputs fitted to the fold) and the fold's
    /// training and held-out parts of <paramref name="data"/>, re-encoded from <paramref name="rows"/> when it is a table.
    /// </summary>
    public static Either<CliError, (Architecture Architecture, LoadedData Parts)> Parts(Dataset data, TableRows? rows, Architecture architecture, CrossValidationFold fold)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(fold);
        var train = data.SelectRows(fold.Train.AsSpan());
        var test = data.SelectRows(fold.Test.AsSpan());
        if (rows is null) return (architecture, new LoadedData(train, test));
        var trainRows = rows.Features.SelectRows(fold.Train);
        var testRows = rows.Features.SelectRows(fold.Test);
        return
            from preprocessing in TableFiles.OneLine(TablePreprocessing.Fit(trainRows, rows.Options))
            from trainX in TableFiles.OneLine(preprocessing.Transform(trainRows))
            from testX in TableFiles.OneLine(preprocessing.Transform(testRows))
            from network in TableFiles.OneLine(Architecture.Create(preprocessing.Width, architecture.Layers, architecture.Loss, architecture.Lambda))
            select (network, new LoadedData(
                new Dataset(trainX, train.Targets, preprocessing.FeatureNames).WithWeights(train.Weights),
                new Dataset(testX, test.Targets, preprocessing.FeatureNames).WithWeights(test.Weights)) { Table = preprocessing });
    }
}
