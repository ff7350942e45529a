using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// What <c>fnet cache</c> checks of loaded data before writing it, so that no cache holds what <c>fnet train</c> would
/// refuse from the same file: the targets of the task asked (a regression set or a continuous label column without
/// <c>--task regression</c> is refused, pointing to it), and finite features that fit the cache's precision.
/// </summary>
internal static class CacheableData
{
    /// <summary>Null when <paramref name="data"/> can be cached in the precision asked, else the one line saying why not.</summary>
    public static CliError? Problem(Dataset data, string source, bool float32, bool regression = false)
    {
        if (regression != data.Targets is ValueTargets)
            return new CliError(new Error("data.task", regression
                ? $"--data {source} has class labels, but --task is regression: a regression caches a CSV file's real-valued --label columns"
                : $"--data {source} has real-valued targets (a regression): cache them with fnet cache --data {source} --task regression"));
        if (data.Targets is ClassTargets classes && Continuous(classes, source) is { } continuous) return new CliError(continuous);
        return data.IsSinglePrecision ? NonFinite(data.FeaturesIn<float>().Span, data, source, float32)
            : NonFinite(data.Features.Span, data, source, float32);
    }

    /// <summary>Null when <paramref name="classes"/> look like class labels, else the line saying the label column is continuous.</summary>
    public static Error? Continuous(ClassTargets classes, string source) =>
        RegressionFiles.ContinuousExample(classes) is { } example
            ? new Error("data.continuous",
                $"the label column of {source} is continuous (e.g. {example}, and {classes.ClassCount} distinct values), not class labels: cache its values as a regression (fnet cache --data {source} --task regression)")
            : null;

    // The first value the cache's precision cannot hold, by the loaders' one rule (FeatureValue), named by row and column.
    private static CliError? NonFinite<T>(ReadOnlySpan<T> values, Dataset data, string source, bool float32) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        int n = data.FeatureCount;
        for (int i = 0; i < values.Length; i++)
        {
            double v = double.CreateTruncating(values[i]);
            if (float32 ? FeatureValue.Fits<float>(v) : FeatureValue.Fits<double>(v)) continue;
            return new CliError((float32 ? RowCacheValues.Unfit<float>(v, source, i / n + 1, i % n + 1, data.FeatureNames[i % n])
                : RowCacheValues.Unfit<double>(v, source, i / n + 1, i % n + 1, data.FeatureNames[i % n]))!);
        }
        return null;
    }
}
