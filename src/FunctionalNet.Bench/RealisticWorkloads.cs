using System.Diagnostics;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;

namespace FunctionalNet.Bench;

/// <summary>
/// The realistic-size workloads of issue 29 (not in WORKLOADS.md; their PyTorch peer is
/// benchmarks/peers/torch_realistic.py): each budget is a row count, the epochs fixed, and each record carries the
/// process's peak resident set over the run (<see cref="PeakMemory"/>).
/// </summary>
internal static class RealisticWorkloads
{
    public const int MnistRows = 60_000;
    private const int MnistEpochCount = 5;
    private const int TabularEpochCount = 2;

    /// <summary>
    /// mnist-epochs: the first <paramref name="rows"/> rows of <see cref="BenchOptions.MnistCsv"/> loaded as float and
    /// divided by 255, then 5 epochs of 784-256-128-10 ReLU/softmax Adam, batch 128; the clock runs from opening the file to the
    /// last step (train_seconds is that wall time; the note splits it).
    /// </summary>
    public static BenchRecord MnistEpochs(BenchContext context, int rows)
    {
        var architecture = Workloads.Build(784, [256, 128, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 0);
        var start = Initializer.UniformEpsilon.Initialize<float>(architecture, Rng.Create(0));
        PeakMemory.Reset();
        long clock = Stopwatch.GetTimestamp();
        var data = LoadMnist(context.Options.MnistCsv, rows);
        double load = Stopwatch.GetElapsedTime(clock).TotalSeconds;
        var (seconds, last) = Workloads.Fit(context, architecture, data, Rules.Adam(1e-3), start, Batching.Shuffled(128), MnistEpochCount, Rng.Create(5));
        double wall = Stopwatch.GetElapsedTime(clock).TotalSeconds;
        long peak = PeakMemory.Read();
        return context.Record("mnist-epochs", "float32", wall, last.Step, (double)MnistEpochCount * rows,
                Workloads.Cost(architecture, last.Parameters, data), Workloads.Accuracy(architecture, last.Parameters, data), null, null,
                Note(load, seconds, peak)) with { PeakRssBytes = peak, Data = "file: " + context.Options.MnistCsv };
    }

    /// <summary>
    /// tabular-large: <paramref name="rows"/> generated rows (<see cref="TabularData"/>, outside the clock), 32-64-64-1
    /// ReLU/identity with half squared error, Adam batch 256, 2 epochs; train_accuracy is null (regression).
    /// </summary>
    public static BenchRecord TabularLarge(BenchContext context, int rows)
    {
        var data = TabularData.Generate(rows);
        var architecture = Workloads.Build(TabularData.Features, [64, 64, 1], Activation.Relu, Activation.Identity, Loss.SquaredError, 0);
        var start = Initializer.UniformEpsilon.Initialize<float>(architecture, Rng.Create(0));
        PeakMemory.Reset();
        var (seconds, last) = Workloads.Fit(context, architecture, data, Rules.Adam(1e-3), start, Batching.Shuffled(256), TabularEpochCount, Rng.Create(5));
        long peak = PeakMemory.Read();
        return context.Record("tabular-large", "float32", seconds, last.Step, (double)TabularEpochCount * rows,
            Workloads.Cost(architecture, last.Parameters, data), double.NaN, null, null, $"peak RSS {peak / 1e9:0.00} GB")
            with { PeakRssBytes = peak };
    }

    private static string Note(double load, double train, long peak) => $"load {load:0.00} s + train {train:0.00} s; peak RSS {peak / 1e9:0.00} GB";

    /// <summary>
    /// The whole file through the loader's seekable path when all of it is asked for, else its first rows from memory
    /// (the quick and warm-up budgets); pixels divided by 255 in one scaled copy.
    /// </summary>
    private static Dataset LoadMnist(string path, int rows)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} not found: write it with `python3 benchmarks/scale/make_mnist_csv.py {path}` or name another with --mnist-csv");
        var options = CsvOptions.Default with { SinglePrecision = true };
        var loaded = rows >= MnistRows
            ? Load(File.OpenRead(path), path, options)
            : CsvLoader.Parse(string.Join('\n', File.ReadLines(path).Take(rows + 1)), path, options);
        var data = loaded.Match(d => d, errors => throw new FormatException(string.Join("; ", errors.Select(e => e.Message))));
        if (data.Count != rows) throw new FormatException($"{path} has {data.Count} rows, the budget needs {rows}");
        var all = Enumerable.Range(0, rows).ToArray();
        return data.SelectRows(all, new double[data.FeatureCount], Enumerable.Repeat(255.0, data.FeatureCount).ToArray());
    }

    private static LanguageExt.Validation<Error, Dataset> Load(Stream stream, string path, CsvOptions options)
    {
        using (stream) return CsvLoader.Load(stream, path, options);
    }
}
