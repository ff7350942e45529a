using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 32: <c>fnet train</c> from a version-4 cache (opened from its header and chunk table, its rows verified in the
/// one read that computes the starting cost) saves byte for byte the model the old path (version 3: the whole file
/// checked first, the scaler gathered on the way, the starting cost read again by the engine) trains from the same rows.
/// </summary>
public class CacheVersion4TrainingTests
{
    [Theory]
    [InlineData("digits", "", "standard", "float32", "--validation-split", "0.1")]
    [InlineData("weighted.csv", "--weight-column w", "minmax", "float64", "--patience", "1")]
    [InlineData("friedman", "--task regression", "standard", "float64", "--validation-split", "0.2")]
    public void Training_from_a_version_4_cache_saves_the_model_training_from_the_same_rows_without_a_table_saves(string data, string cacheOptions,
        string scale, string dtype, string option, string value)
    {
        using var dir = new TempDirectory();
        if (data == "weighted.csv")
        {
            var lines = Enumerable.Range(0, 150).Select(r => FormattableString.Invariant($"{Math.Sin(r) * 3:F3},{r % 7 - 3},{r % 4},{(Math.Sin(r) + r % 7 > 2 ? "yes" : "no")}"));
            File.WriteAllLines(dir[data], ["a,b,w,label", .. lines]);
            data = dir[data];
        }
        string[] cache = ["cache", "--data", data, "--out", dir["v4.fnetc"], "--chunk-rows", "37", "--dtype", "float64",
            .. cacheOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        var cached = Fnet.InProcess(cache);
        Assert.True(cached.ExitCode == 0, cached.Error);
        RowCacheVersions.WithoutTable(dir["v4.fnetc"], dir["v3.fnetc"]);
        using (var file = RowCache.OpenTable(dir["v4.fnetc"]).Match(f => f, e => throw new InvalidOperationException(e.Message)))
            Assert.True(file.HasChunkTable);
        string Train(string version)
        {
            var run = Fnet.InProcess("train", "--data", dir[version + ".fnetc"], "--optimizer", "adam", "--batch-size", "16", "--epochs", "3", "--layers", "6",
                "--scale", scale, "--dtype", dtype, option, value, "--out", dir[version], "--quiet");
            Assert.True(run.ExitCode == 0, run.Error);
            return Convert.ToHexString(File.ReadAllBytes(Path.Combine(dir[version], "model.safetensors")));
        }
        Assert.Equal(Train("v3"), Train("v4"));
    }
}
