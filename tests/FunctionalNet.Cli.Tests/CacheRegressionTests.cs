using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Cli.Training;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.IO;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 32: a row cache holds real-valued targets (one or several columns) besides class labels. Training a regression
/// from it is bit for bit training from the same rows in memory in the same order (the targets standardised on the
/// training rows as the in-memory path does), <c>fnet cache --task regression</c> then <c>fnet train</c> saves a regressor
/// scoring close to the in-memory run, and a <c>--task</c> the cache does not hold is one line.
/// </summary>
public class CacheRegressionTests
{
    // Float-valued features (so a float32 cache holds them exactly), k targets far from standardised, weights 0…4.
    private static Dataset Data(int rows, int k, int seed, bool weighted)
    {
        var x = new float[rows * 5];
        Rng.Create((ulong)seed).FillNormal<float>(x, 1, 3);
        var y = new double[rows * k];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < k; j++) y[r * k + j] = 40 * x[r * 5 + j] - 7 * x[r * 5 + 4] * x[r * 5 + 4] + 100 * j;
        var data = Dataset.Stored(Matrix<float>.Create(rows, 5, x), new ValueTargets(Matrix<double>.Create(rows, k, y), [.. Enumerable.Range(0, k).Select(j => $"y{j}")], false),
            ["a", "b", "c", "d", "e"]);
        return weighted ? data.WithWeights([.. Enumerable.Range(0, rows).Select(r => (double)((r * 7 + seed) % 5))]) : data;
    }

    [Property(MaxTest = 8)]
    public Property Training_a_regression_from_the_cache_equals_training_from_the_same_rows_in_memory_in_the_same_order() =>
        Prop.ForAll((from seed in Gen.Choose(0, 10_000) from chunk in Gen.Choose(1, 40) from batch in Gen.Choose(1, 30) from k in Gen.Choose(1, 3)
                     from weighted in Gen.Elements(false, true) select (seed, chunk, batch, k, weighted)).ToArbitrary(), c =>
        {
            using var dir = new TempDirectory();
            var data = Data(200, c.k, c.seed, c.weighted);
            Assert.True(RowCache.Write(data, dir["r.fnetc"], singlePrecision: true, c.chunk).IsRight);
            using var file = RowCache.Open(dir["r.fnetc"]).Match(f => f, e => throw new InvalidOperationException(e.Message));
            int train = 150;
            var arch = Architecture.Create(5, [new Layer(6, Activation.Tanh), new Layer(c.k, Activation.Identity)], Loss.SquaredError)
                .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
            var stats = ColumnStatistics.Of(5, new CacheRows<double>(file, 0, train, c.k, null, null).RawChunks());
            var targetScaler = CacheRegression.TargetScaler(file, train)!;
            // In memory: the same standardisation applied to the whole target matrix, then the same rows and scaling.
            var values = ((ValueTargets)data.Targets).Values;
            var standardised = Dataset.Stored(data.FeaturesIn<float>(), new ValueTargets(targetScaler.Apply(values), ((ValueTargets)data.Targets).Names, false), data.FeatureNames);
            if (c.weighted) standardised = standardised.WithWeights(data.Weights);
            var memory = new CacheCommandTests.ChunkOrdered(standardised.SelectRows([.. Enumerable.Range(0, train)], stats.Mean, stats.Scale).ToBatch<float>(arch), c.chunk);
            var mapped = new CacheRows<float>(file, 0, train, c.k, stats.Mean, stats.Scale, RowCache.DefaultWindow, targetScaler.Offset, targetScaler.Scale);
            var start = new TrainingStart<float>(Initializer.Parse("xavier")!.Initialize<float>(arch, Rng.Create(3)));
            var options = TrainingOptions.Create(3, Batching.Shuffled(c.batch), Rng.Create((ulong)c.seed), epochCost: EpochCost.RunningMean)
                .Match(o => o, _ => throw new InvalidOperationException());
            int[] Final(IRowSource<float> source) => [.. Train.Fit(arch, source, Rules.ByName("adam", 0.01).Match(r => r, _ => throw new InvalidOperationException()), start, options)
                .Match(t => t, _ => throw new InvalidOperationException()).Last().Parameters.Flat.ToArray().Select(BitConverter.SingleToInt32Bits)];
            // The target scaler is the in-memory fit's (Regressor.Fit standardises its training rows with StandardScaler).
            var inMemory = StandardScaler.Fit(Matrix<double>.Create(train, c.k, values.Span[..(train * c.k)]));
            return Final(mapped).SequenceEqual(Final(memory)).Label("the same bits")
                .And((targetScaler.Offset.SequenceEqual(inMemory.Mean) && targetScaler.Scale.SequenceEqual(inMemory.Scale)).Label("the in-memory standardisation"));
        });

    [Fact]
    public void Fnet_cache_task_regression_then_train_saves_a_regressor_close_to_the_in_memory_run()
    {
        using var dir = new TempDirectory();
        string csv = Path.Combine(AppContext.BaseDirectory, "Fixtures", "regression.csv");
        var cached = Fnet.InProcess("cache", "--data", csv, "--task", "regression", "--label", "price,rent", "--dtype", "float64", "--out", dir["r.fnetc"]);
        Assert.True(cached.ExitCode == 0, cached.Error);
        Assert.Contains("cached   200 rows × 3 features (float64), 2 real-valued targets", cached.Out, StringComparison.Ordinal);
        var one = Fnet.InProcess("cache", "--data", csv, "--task", "regression", "--label", "price", "--dtype", "float64", "--out", dir["one.fnetc"]);
        Assert.Contains("(float64), 1 real-valued target,", one.Out, StringComparison.Ordinal);
        string[] Common(string data, string model) => ["train", "--data", data, "--optimizer", "adam", "--batch-size", "16", "--epochs", "60", "--layers", "16",
            "--test-split", "0.25", "--validation-split", "0", "--dtype", "float64", "--out", dir[model], "-q"];
        // No --task: the cache's header says it holds a regression.
        var fromCache = Fnet.InProcess(Common(dir["r.fnetc"], "cached"));
        Assert.True(fromCache.ExitCode == 0, fromCache.Error);
        var inMemory = Fnet.InProcess([.. Common(csv, "memory"), "--task", "regression", "--label", "price,rent"]);
        Assert.True(inMemory.ExitCode == 0, inMemory.Error);
        var (cachedModel, memoryModel) = (Load(dir["cached"]), Load(dir["memory"]));
        Assert.True(cachedModel.Card.IsRegression);
        Assert.Equal(["price", "rent"], cachedModel.Targets.ToArray());
        // The same test rows (the file's last quarter in both); the order and the scaler's summation differ (windows of
        // chunks, streamed moments), so the fits are close, not equal.
        double r2Cache = cachedModel.Card.Metrics["test_r2"], r2Memory = memoryModel.Card.Metrics["test_r2"];
        Assert.True(r2Memory > 0.5, r2Memory.ToString(CultureInfo.InvariantCulture));
        Assert.True(Math.Abs(r2Cache - r2Memory) < 0.05, $"R² {r2Cache} from the cache, {r2Memory} in memory");
        // The saved model is an ordinary regressor: evaluate reads it on the CSV (the cache recorded no label columns).
        var evaluated = Fnet.InProcess("evaluate", "--model", dir["cached"], "--data", csv, "--label", "price,rent");
        Assert.True(evaluated.ExitCode == 0, evaluated.Error);
    }

    [Fact]
    public void A_task_the_cache_does_not_hold_and_regression_options_fnet_cache_cannot_honour_are_one_line()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "friedman", "--task", "regression", "--out", dir["f.fnetc"]).ExitCode);
        var asClasses = Fnet.InProcess("train", "--data", dir["f.fnetc"], "--task", "classification", "--batch-size", "8", "--out", dir["m"]);
        Fnet.AssertOneLineError(asClasses, "holds real-valued targets");
        Assert.Equal(2, asClasses.ExitCode);
        Assert.False(Directory.Exists(dir["m"]));
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--out", dir["m.fnetc"]).ExitCode);
        Fnet.AssertOneLineError(Fnet.InProcess("cache", "--data", "moons", "--task", "regression", "--out", dir["x.fnetc"]), "has class labels, but --task is regression");
        Fnet.AssertOneLineError(Fnet.InProcess("cache", "--data", "moons", "--task", "ranking", "--out", dir["x.fnetc"]), "--task 'ranking'");
        Assert.False(File.Exists(dir["x.fnetc"]));
    }

    private static FunctionalNet.Formats.StoredModel Load(string model) =>
        ModelFiles.Load(model).Match(m => m, e => throw new InvalidOperationException(e.Message));
}
