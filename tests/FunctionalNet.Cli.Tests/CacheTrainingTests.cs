using System.Runtime.InteropServices;
using FunctionalNet.IO;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 31, items 12 and 15: <c>fnet train --data FILE.fnetc</c> refuses the options it would otherwise ignore, names the
/// data when the data is at fault (not "diverged … try a smaller learning rate"), and a cache truncated while training
/// reads it ends the run with one line and exit 2, the model saved before it intact.
/// </summary>
public class CacheTrainingTests
{
    private static string[] Train(string cache, string model, params string[] more) =>
        ["train", "--data", cache, "--optimizer", "adam", "--batch-size", "16", "--epochs", "2", "--out", model, "-q", .. more];

    [Theory]
    [InlineData("--weight-column", "w")]
    [InlineData("--class-weight", "balanced")]
    [InlineData("--samples", "50")]
    [InlineData("--noise", "0.5")]
    [InlineData("--task", "regression")]
    public void An_option_training_from_a_cache_does_not_honour_is_refused_in_one_line(string option, string value)
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--out", dir["m.fnetc"]).ExitCode);
        var run = Fnet.InProcess(Train(dir["m.fnetc"], dir["model"], option, value));
        Fnet.AssertOneLineError(run, option);
        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(dir["model"]));
    }

    [Fact]
    public void A_weight_column_is_stored_by_fnet_cache_and_weighs_the_training_from_it()
    {
        using var dir = new TempDirectory();
        var text = new System.Text.StringBuilder("a,b,w,label\n");
        for (int r = 0; r < 120; r++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{r % 11 - 5},{r % 7 - 3},{(r % 3 == 0 ? 4 : 0.5)},{(r % 11 > 5 ? "yes" : "no")}\n");
        string csv = dir.Write("w.csv", text.ToString());
        var cached = Fnet.InProcess("cache", "--data", csv, "--weight-column", "w", "--out", dir["w.fnetc"]);
        Assert.True(cached.ExitCode == 0, cached.Error);
        Assert.Contains("cached   120 rows × 2 features (float32), 2 classes, sample weights", cached.Out, StringComparison.Ordinal);
        var run = Fnet.InProcess(["train", "--data", dir["w.fnetc"], "--optimizer", "adam", "--batch-size", "16", "--epochs", "2", "--out", dir["model"]]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("weighted by the cache's sample weights", run.Out, StringComparison.Ordinal);
        // Given again at training time, the column is refused with where the weights come from instead.
        var again = Fnet.InProcess(Train(dir["w.fnetc"], dir["again"], "--weight-column", "w"));
        Fnet.AssertOneLineError(again, "stored when the cache is written");
        Assert.Equal(2, again.ExitCode);
    }

    [Fact]
    public void Options_a_cache_honours_train_and_dropout_reaches_the_engine()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--out", dir["m.fnetc"]).ExitCode);
        var run = Fnet.InProcess(Train(dir["m.fnetc"], dir["a"], "--task", "classification", "--layers", "8,8", "--dropout", "0.3"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0, Fnet.InProcess(Train(dir["m.fnetc"], dir["b"], "--layers", "8,8")).ExitCode);
        // Dropout changes the steps, so the weights differ from the run without it.
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir["a"], ModelStore.WeightsFile)), File.ReadAllBytes(Path.Combine(dir["b"], ModelStore.WeightsFile)));
        // A dropout list that does not fit the hidden layers is one line from the engine's validation, not a crash.
        var misfit = Fnet.InProcess(Train(dir["m.fnetc"], dir["c"], "--layers", "8,8", "--dropout", "0.1,0.2,0.3"));
        Fnet.AssertOneLineError(misfit, "dropout");
        Assert.Equal(2, misfit.ExitCode);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+Inf")]
    public void A_cache_holding_a_non_finite_feature_is_refused_naming_row_and_column_not_reported_as_divergence(float bad, string shown)
    {
        using var dir = new TempDirectory();
        var x = new float[40 * 2];
        for (int i = 0; i < x.Length; i++) x[i] = i % 5;
        x[2 * 17 + 1] = bad; // row 18, column 2
        var labels = Enumerable.Range(0, 40).Select(r => r % 2).ToArray();
        var written = RowCacheWriter.Write(dir["bad.fnetc"], 2, 4, ["a", "b"], ["p", "q"], 8,
            [new RowBlock(MemoryMarshal.AsBytes(x.AsSpan()).ToArray(), labels)]);
        Assert.True(written.IsRight);
        var run = Fnet.InProcess(Train(dir["bad.fnetc"], dir["model"]));
        Fnet.AssertOneLineError(run, $"row 18, column 2 (\"b\") holds {shown}");
        Assert.DoesNotContain("diverged", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Values_past_float32_in_a_float64_cache_are_refused_for_float32_training_without_scaling()
    {
        using var dir = new TempDirectory();
        var x = Enumerable.Range(0, 40).Select(i => i == 7 ? 1e300 : i % 3).ToArray();
        var written = RowCacheWriter.Write(dir["big.fnetc"], 1, 8, ["a"], ["p", "q"], 8,
            [new RowBlock(MemoryMarshal.AsBytes(x.AsSpan()).ToArray(), Enumerable.Range(0, 40).Select(r => r % 2).ToArray())]);
        Assert.True(written.IsRight);
        var run = Fnet.InProcess(Train(dir["big.fnetc"], dir["model"], "--dtype", "float32", "--scale", "none"));
        Fnet.AssertOneLineError(run, "past the largest float32");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task A_cache_truncated_while_training_reads_it_is_one_line_exit_2_and_the_saved_model_is_intact()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "digits", "--out", dir["d.fnetc"], "--chunk-rows", "64").ExitCode);
        string model = dir["m"];
        Assert.Equal(0, Fnet.InProcess(Train(dir["d.fnetc"], model)).ExitCode);
        var saved = File.ReadAllBytes(Path.Combine(model, ModelStore.WeightsFile));
        string[] args = ["train", "--data", dir["d.fnetc"], "--optimizer", "adam", "--batch-size", "16", "--epochs", "10000000", "--layers", "8", "--out", model];
        using var process = Fnet.Start(dir.Path, args);
        var stderr = process.StandardError.ReadToEndAsync();
        // The first progress line: training reads the file, epoch after epoch, until told otherwise.
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("epoch 1/", StringComparison.Ordinal)) { }
        Assert.NotNull(line);
        using (var file = new FileStream(dir["d.fnetc"], FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) file.SetLength(4096);
        _ = process.StandardOutput.ReadToEndAsync();
        var exit = process.WaitForExitAsync();
        bool exited = await Task.WhenAny(exit, Task.Delay(120_000)) == exit;
        if (!exited) process.Kill();
        Assert.True(exited, "fnet train went on reading a truncated cache");
        var run = new Run(process.ExitCode, "", await stderr);
        Fnet.AssertOneLineError(run, "truncated or rewritten during the run");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(saved, File.ReadAllBytes(Path.Combine(model, ModelStore.WeightsFile)));
        Assert.True(ModelStore.Load(model).IsRight);
    }
}
