using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.IO;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet cache</c> and <c>fnet train --data FILE.fnetc</c>: a cache round-trips the rows, training from the mapped file
/// is bit for bit training from the same rows in memory in the same order, runs repeat exactly, and damaged files and
/// unsupported options are one line each.
/// </summary>
public class CacheCommandTests
{
    /// <summary>A float32 data set of <paramref name="rows"/> rows, 5 features (one constant), 3 classes.</summary>
    private static Dataset Data(int rows, int seed)
    {
        var x = new float[rows * 5];
        Rng.Create((ulong)seed).FillNormal<float>(x, 1, 3);
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            x[r * 5 + 4] = 2; // a constant column
            labels[r] = x[r * 5] > 1.5f ? 2 : x[r * 5 + 1] > 0 ? 1 : 0;
        }
        return Dataset.Stored(Matrix<float>.Create(rows, 5, x), new ClassTargets([.. labels], ["low", "mid", "high"]), ["a", "b", "c", "d", "e"]);
    }

    private static void Write(string path, Dataset data, bool float32, int chunkRows) =>
        Assert.True(RowCache.Write(data, path, float32, chunkRows).IsRight, path);

    private static RowCacheFile Open(string path) => RowCache.Open(path).Match(f => f, e => throw new InvalidOperationException(e.Message));

    /// <summary>The in-memory rows with the cache's order: what training from the mapped file must equal.</summary>
    internal sealed class ChunkOrdered(Batch<float> batch, int chunkRows) : IRowSource<float>
    {
        public int Count => batch.Count;

        public int Inputs => batch.Features.Cols;

        public int Outputs => batch.Targets.Cols;

        public bool Weighted => batch.Weights is not null;

        public void Order(Rng draws, Span<int> order) => ChunkWindowOrder.Fill(draws, chunkRows, RowCache.DefaultWindow, order);

        public void Gather(ReadOnlySpan<int> rows, Span<float> features, Span<float> targets) => Gather(rows, features, targets, default);

        public void Gather(ReadOnlySpan<int> rows, Span<float> features, Span<float> targets, Span<float> weights)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                batch.Features.Row(rows[i]).CopyTo(features.Slice(i * Inputs, Inputs));
                batch.Targets.Row(rows[i]).CopyTo(targets.Slice(i * Outputs, Outputs));
                if (!weights.IsEmpty) weights[i] = batch.Weights![rows[i], 0];
            }
        }
    }

    [Property(MaxTest = 12)]
    public Property Training_from_the_cache_equals_training_from_the_same_rows_in_memory_in_the_same_order() =>
        Prop.ForAll((from seed in Gen.Choose(0, 10_000) from chunk in Gen.Choose(1, 40) from batch in Gen.Choose(1, 30) from weighted in Gen.Elements(false, true)
                     select (seed, chunk, batch, weighted)).ToArbitrary(), c =>
        {
            using var dir = new TempDirectory();
            var data = Data(200, c.seed);
            // Sample weights stored in the cache weigh the cost as the in-memory batch's do (some zero, some large).
            if (c.weighted) data = data.WithWeights([.. Enumerable.Range(0, 200).Select(r => (double)((r * 7 + c.seed) % 5))]);
            Write(dir["d.fnetc"], data, float32: true, c.chunk);
            using var file = Open(dir["d.fnetc"]);
            int train = 150;
            var arch = Architecture.Create(5, [new Layer(6, Activation.Tanh), new Layer(3, Activation.Softmax)], Loss.CrossEntropy).Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
            var raw = new CacheRows<double>(file, 0, train, 3, null, null);
            var stats = ColumnStatistics.Of(5, raw.RawChunks());
            int[] rows = [.. Enumerable.Range(0, train)];
            var memory = new ChunkOrdered(data.SelectRows(rows, stats.Mean, stats.Scale).ToBatch<float>(arch), c.chunk);
            var mapped = new CacheRows<float>(file, 0, train, 3, stats.Mean, stats.Scale);
            var start = new TrainingStart<float>(Initializer.Parse("xavier")!.Initialize<float>(arch, Rng.Create(3)));
            var options = TrainingOptions.Create(3, Batching.Shuffled(c.batch), Rng.Create((ulong)c.seed), epochCost: EpochCost.RunningMean).Match(o => o, _ => throw new InvalidOperationException());
            float[] Final(IRowSource<float> source) => [.. Train.Fit(arch, source, Rules.ByName("adam", 0.01).Match(r => r, _ => throw new InvalidOperationException()), start, options)
                .Match(t => t, _ => throw new InvalidOperationException()).Last().Parameters.Flat];
            var fromFile = Final(mapped);
            return fromFile.Select(BitConverter.SingleToInt32Bits).SequenceEqual(Final(memory).Select(BitConverter.SingleToInt32Bits))
                && fromFile.Select(BitConverter.SingleToInt32Bits).SequenceEqual(Final(mapped).Select(BitConverter.SingleToInt32Bits));
        });

    [Fact]
    public void A_cache_holds_the_rows_labels_and_names_it_was_written_from()
    {
        using var dir = new TempDirectory();
        var data = Data(37, 5);
        var header = RowCache.Write(data, dir["d.fnetc"], singlePrecision: true, 8).Match(h => h, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(37, header.Rows);
        using var file = Open(dir["d.fnetc"]);
        Assert.Equal(data.FeatureNames.ToArray(), file.FeatureNames.ToArray());
        Assert.Equal(data.Classes.ClassNames.ToArray(), file.ClassNames.ToArray());
        Assert.Equal(data.Labels.ToArray(), file.Labels);
        var raw = new CacheRows<double>(file, 0, 37, 3, null, null);
        var values = raw.RawChunks().SelectMany(m => m.ToArray()).ToArray();
        Assert.Equal(data.Features.Span.ToArray(), values);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.fnet-tmp"));
    }

    [Property(MaxTest = 60)]
    public Property Any_damaged_byte_is_one_line_naming_the_cache_never_a_throw() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 255).ToArbitrary(), (position, flip) =>
        {
            using var dir = new TempDirectory();
            Write(dir["d.fnetc"], Data(20, 1), float32: false, 6);
            var bytes = File.ReadAllBytes(dir["d.fnetc"]);
            bytes[position % bytes.Length] ^= (byte)flip;
            File.WriteAllBytes(dir["bad.fnetc"], bytes);
            return RowCacheFile.Open(dir["bad.fnetc"]).Match(f => { f.Dispose(); return false; },
                e => e.Message.StartsWith("cache " + dir["bad.fnetc"] + ": ", StringComparison.Ordinal) && !e.Message.Contains('\n', StringComparison.Ordinal));
        });

    [Fact]
    public void Fnet_cache_then_train_on_it_saves_a_model_and_runs_repeat_bit_for_bit()
    {
        using var dir = new TempDirectory();
        var cached = Fnet.InProcess("cache", "--data", "digits", "--out", dir["digits.fnetc"]);
        Assert.Equal(0, cached.ExitCode);
        Assert.Contains("cached   1347 rows × 64 features (float32), 10 classes", cached.Out, StringComparison.Ordinal);
        string[] Train(string output) => ["train", "--data", dir["digits.fnetc"], "--optimizer", "adam", "--batch-size", "32", "--epochs", "3",
            "--layers", "20", "--validation-split", "0.1", "--dtype", "float32", "--out", dir[output], "--quiet"];
        var first = Fnet.InProcess(Train("m1"));
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("accuracy train", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, Fnet.InProcess(Train("m2")).ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir["m1"], "model.safetensors")), File.ReadAllBytes(Path.Combine(dir["m2"], "model.safetensors")));
        // The saved model is an ordinary one: evaluate reads it (scaler and classes from the card) on the same rows as CSV.
        Assert.Equal(0, Fnet.InProcess("datasets", "--export", "digits", "--out", dir["digits.csv"]).ExitCode);
        Assert.Equal(0, Fnet.InProcess("evaluate", "--model", dir["m1"], "--data", dir["digits.csv"]).ExitCode);
    }

    [Theory]
    [InlineData("--optimizer", "lbfgs", "mini-batches only")]
    [InlineData("--optimizer", "gd", "mini-batches only")]
    [InlineData("--test-data", "x.csv", "--test-data does not go with a cache")]
    public void Unsupported_options_on_a_cache_are_one_line(string option, string value, string fragment)
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--out", dir["m.fnetc"]).ExitCode);
        string[] args = ["train", "--data", dir["m.fnetc"], "--batch-size", "8", .. option == "--optimizer" ? Array.Empty<string>() : ["--optimizer", "adam"],
            option, value, "--out", dir["model"]];
        var run = Fnet.InProcess(args);
        Fnet.AssertOneLineError(run, fragment);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Bad_caches_and_bad_cache_options_are_one_line()
    {
        using var dir = new TempDirectory();
        Fnet.AssertOneLineError(Fnet.InProcess("cache", "--data", "moons", "--out", dir["m.bin"]), "must end in .fnetc");
        Fnet.AssertOneLineError(Fnet.InProcess("cache", "--data", "moons", "--out", dir["m.fnetc"], "--dtype", "int8"), "--dtype 'int8'");
        Fnet.AssertOneLineError(Fnet.InProcess("cache", "--data", dir["missing.csv"], "--out", dir["m.fnetc"]), "missing.csv");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", dir["missing.fnetc"], "--optimizer", "adam", "--batch-size", "8"), "does not exist");
        File.WriteAllText(dir["text.fnetc"], "label,x\n1,2\n" + new string('x', 200));
        var run = Fnet.InProcess("train", "--data", dir["text.fnetc"], "--optimizer", "adam", "--batch-size", "8");
        Fnet.AssertOneLineError(run, "magic");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(0, Fnet.InProcess("cache", "--data", "moons", "--out", dir["m.fnetc"]).ExitCode);
        var bytes = File.ReadAllBytes(dir["m.fnetc"]);
        bytes[200] ^= 0x40; // a feature value: only the checksum can tell
        File.WriteAllBytes(dir["m.fnetc"], bytes);
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", dir["m.fnetc"], "--optimizer", "adam", "--batch-size", "8"), "the file is damaged");
    }
}
