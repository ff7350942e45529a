using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Tests.Hardening;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data;
using FunctionalNet.Tensors;
using Parquet;
using Parquet.Schema;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 31, items 4, 7, 10 and 15: <c>fnet cache</c> refuses in one line (exit 2) what <c>fnet train</c> would refuse
/// from the cache it wrote — real-valued targets, more classes than a cache holds, features that are not finite — and a
/// write that fails (a file-size limit) or is interrupted (SIGTERM, SIGINT) leaves no partial cache under the final name
/// and an existing one untouched; a staged file left by a process killed outright is removed by the next write.
/// </summary>
public class CacheWriteTests
{
    private static string RegressionFixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "regression.csv");

    private static void AssertRefused(Run run, string fragment)
    {
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Regression_data_is_refused_pointing_to_a_regression_never_cached_as_classes()
    {
        using var dir = new TempDirectory();
        AssertRefused(Fnet.InProcess("cache", "--data", "friedman", "--out", dir["f.fnetc"]), "--task regression");
        AssertRefused(Fnet.InProcess("cache", "--data", RegressionFixture, "--out", dir["r.fnetc"]), "is continuous");
        AssertRefused(Fnet.InProcess("cache", "--data", RegressionFixture, "--label", "rent", "--out", dir["r.fnetc"]), "--task regression");
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void More_classes_than_a_cache_holds_is_refused_at_cache_time_with_the_readers_line()
    {
        using var dir = new TempDirectory();
        var text = new System.Text.StringBuilder("a,label\n");
        for (int i = 0; i <= Formats.RowCacheHeader.MaxClasses; i++) text.Append(CultureInfo.InvariantCulture, $"{i % 10},c{i}\n");
        var run = Fnet.InProcess("cache", "--data", dir.Write("many.csv", text.ToString()), "--out", dir["many.fnetc"]);
        AssertRefused(run, $"cache {dir["many.fnetc"]}: classes is {Formats.RowCacheHeader.MaxClasses + 1}, expected 2 to {Formats.RowCacheHeader.MaxClasses}");
        Assert.False(File.Exists(dir["many.fnetc"]));
    }

    [Property(MaxTest = 40)]
    public Property A_feature_that_is_not_finite_in_the_caches_precision_is_refused_naming_its_row_and_column() =>
        Prop.ForAll((from rows in Gen.Choose(1, 30) from cols in Gen.Choose(1, 6) from at in Gen.Choose(0, 10_000)
                     from bad in Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e39, -3.5e38)
                     from float32 in Gen.Elements(true, false) select (rows, cols, at, bad, float32)).ToArbitrary(), c =>
        {
            var x = new double[c.rows * c.cols];
            for (int i = 0; i < x.Length; i++) x[i] = i % 7 - 3;
            int at = c.at % x.Length;
            x[at] = c.bad;
            var data = Dataset.Classification(Matrix<double>.Create(c.rows, c.cols, x), Enumerable.Range(0, c.rows).Select(r => r % 2), ["p", "q"],
                [.. Enumerable.Range(0, c.cols).Select(j => $"f{j}")]);
            var problem = CacheableData.Problem(data, "d.csv", c.float32);
            // A finite double past float32 only fails a float32 cache.
            if (double.IsFinite(c.bad) && !c.float32) return problem is null;
            return problem is { Code: 2 } p && p.Error.Message.Contains($"row {at / c.cols + 1}, column {at % c.cols + 1} (\"f{at % c.cols}\")", StringComparison.Ordinal)
                && !p.Error.Message.Contains('\n', StringComparison.Ordinal);
        });

    // One feature column holding NaN in its third row, and a label column.
    private static async Task WriteNanTable(string path)
    {
        DataField width = new("width", typeof(double)), label = new("label", typeof(string));
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(width, label), stream).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<double>(width, new double[] { 1, 2, double.NaN, 4 }.AsMemory()).ConfigureAwait(false);
                await group.WriteAsync(label, new[] { "a", "b", "a", "b" }, null).ConfigureAwait(false);
            }
        }
    }

    [Fact]
    public async Task Parquet_features_with_nan_are_refused_in_one_line_and_no_cache_is_written()
    {
        using var dir = new TempDirectory();
        string path = dir["nan.parquet"];
        await WriteNanTable(path);
        var run = Fnet.InProcess("cache", "--data", path, "--out", dir["nan.fnetc"]);
        AssertRefused(run, "width");
        Assert.Contains("row 3", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir["nan.fnetc"]));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_file_size_limit_is_one_line_exit_2_with_no_partial_cache_and_an_existing_one_untouched()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--out", dir["d.fnetc"]).ExitCode);
        var before = File.ReadAllBytes(dir["d.fnetc"]);
        // digits is 350 KB as a cache: past a 64 KB limit. SIGXFSZ ignored, so the write fails with EFBIG.
        var run = await FaultTests.LimitedFileSize(dir.Path, "trap '' XFSZ; ulimit -f 64", ["cache", "--data", "digits", "--out", dir["d.fnetc"]]);
        AssertRefused(run, "file-size limit");
        Assert.Equal(before, File.ReadAllBytes(dir["d.fnetc"]));
        Assert.Equal(["d.fnetc"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_staged_file_left_by_a_sigxfsz_kill_is_removed_by_the_next_write()
    {
        using var dir = new TempDirectory();
        // SIGXFSZ at its default kills the process mid-write (128 + 25), before it can remove its staged file.
        var killed = await FaultTests.LimitedFileSize(dir.Path, "ulimit -f 64", ["cache", "--data", "digits", "--out", dir["d.fnetc"]]);
        Assert.Equal(153, killed.ExitCode);
        Assert.False(File.Exists(dir["d.fnetc"]));
        Assert.Single(Directory.GetFiles(dir.Path, "d.fnetc.*.fnet-tmp"));
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--out", dir["d.fnetc"]).ExitCode);
        Assert.Equal(["d.fnetc"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }
}
