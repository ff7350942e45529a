using System.Numerics;

namespace FunctionalNet.Bench;

/// <summary>Options plus the data files, loaded once per run and shared by the workloads.</summary>
internal sealed class BenchContext(BenchOptions options)
{
    private readonly Lazy<CsvData> moons = new(() => CsvData.Load(Path.Combine(options.DataDirectory, "moons_1000.csv")));
    private readonly Lazy<CsvData> digitsTrain = new(() => CsvData.Load(Path.Combine(options.DataDirectory, "digits_train.csv"), 16));
    private readonly Lazy<CsvData> digitsTest = new(() => CsvData.Load(Path.Combine(options.DataDirectory, "digits_test.csv"), 16));

    public BenchOptions Options => options;

    public CsvData Moons => moons.Value;

    /// <summary>Digits train and test, features divided by 16, one-hot over 10 classes.</summary>
    public (Problem<T> Train, Problem<T> Test) Digits<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        (Problem<T>.From(digitsTrain.Value, 10), Problem<T>.From(digitsTest.Value, 10));

    public BenchRecord Record(string workload, string dtype, double seconds, long steps, double samples,
        double finalLoss, double trainAccuracy, double? testAccuracy, double? gflop, string? note = null) =>
        new(workload, dtype, options.Threads, seconds, steps, samples, finalLoss, trainAccuracy, testAccuracy, gflop, options.Quick, note);
}
