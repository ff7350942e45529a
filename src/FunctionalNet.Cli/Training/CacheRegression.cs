using System.Numerics;
using FunctionalNet.Cli.Commands;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using FunctionalNet.IO;
using FunctionalNet.Model;
using FunctionalNet.Tensors;
using FunctionalNet.Training;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// <c>fnet train --data FILE.fnetc</c> of a regression cache (real-valued targets, the header says so): the regression
/// settings and defaults, the targets standardised on the training rows as <see cref="Regressor.Fit"/> standardises
/// them, and the end of the run — scores in the targets' own units, the regressor saved, the regression pictures.
/// </summary>
internal static class CacheRegression
{
    /// <summary>
    /// The run's settings: <paramref name="given"/> for a class-label cache, the regression reading (its defaults) for a
    /// regression cache; a <c>--task</c> the cache does not hold is one line.
    /// </summary>
    public static Either<CliError, TrainSettings> Settings(TrainSettings given, RowCacheFile file, Func<string, Either<CliError, TrainSettings>> readAs)
    {
        bool regression = file.Header.Regression;
        if (given.Task is { } task && (task == ModelCard.Regression) != regression)
            return new CliError(new Error("options.task", regression
                ? $"--task {task} does not go with cache {file.Path}: it holds real-valued targets ({string.Join(", ", file.TargetNames)}), a regression"
                : $"--task {task} does not go with cache {file.Path}: it holds class labels; write a regression cache with fnet cache --task regression"));
        return regression ? readAs(ModelCard.Regression) : given;
    }

    /// <summary>The standardisation of a regression cache's targets over its first <paramref name="train"/> rows (null for class labels).</summary>
    public static ScalerCard? TargetScaler(RowCacheFile file, int train) =>
        file.Values is { } values
            ? ScalerCard.From(StandardScaler.Fit(Raw(file, values, 0, train), file.TargetNames))
            : null;

    /// <summary>
    /// The end of a regression run from a cache: one blocked pass over the training and the test rows, scores in target
    /// units (the test part's true values as stored, not round-tripped through the scaling), the regressor and its pictures.
    /// </summary>
    public static Either<CliError, int> Finish<T>(TrainSettings s, Architecture arch, RowCacheFile file, CacheRows<T> trainRows, CacheRows<T> testRows,
        long testFirst, ScalerCard? scaler, ScalerCard targetScaler, TrainOutcome result, TrainingIterate<T> kept, TrainingSummary fitted, Terminal terminal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Files.Guard(s.Data, "cache", () => Prelude.Right<CliError, ((double, Matrix<double>, Matrix<double>), (double, Matrix<double>, Matrix<double>))>(
                (RowSources.Outputs(arch, kept.Parameters, trainRows), RowSources.Outputs(arch, kept.Parameters, testRows)))).TryRight(out var evaluated, out var problem))
            return problem;
        var ((trainCost, trainOutputs, _), (_, testOutputs, _)) = evaluated;
        var values = file.Values!;
        var testValues = Raw(file, values, testFirst, testRows.Count);
        var testPredicted = targetScaler.Invert(testOutputs);
        var train = RegressionScores.Compute(Raw(file, values, 0, trainRows.Count), targetScaler.Invert(trainOutputs));
        var test = RegressionScores.Compute(testValues, testPredicted);
        // The cost in standardised target units, as the network was trained (and as fnet train records it).
        return
            from weights in NetworkWeights.Of(kept.Parameters).MapLeft(e => new CliError(e))
            from code in TrainCommand.FinishRegression(s, arch, result, trainCost, train, test, file.TargetNames, testValues, testPredicted, terminal,
                metrics => Regressor.Create(arch, weights, scaler, targetScaler, file.TargetNames, file.GivenFeatureNames, TrainedModel.Summary(fitted, s, result, metrics)))
            select code;
    }

    // Rows [first, first + count) of the cache's stored targets, in target units.
    private static Matrix<double> Raw(RowCacheFile file, double[] values, long first, int count)
    {
        int k = file.Header.Classes;
        return Matrix<double>.Create(count, k, values.AsSpan((int)(first * k), count * k));
    }
}
