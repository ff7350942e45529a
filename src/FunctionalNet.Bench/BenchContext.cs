using FunctionalNet.Data;
using FunctionalNet.Data.Loading;

namespace FunctionalNet.Bench;

/// <summary>
/// Options plus the data, loaded once per run through the library's own loaders and shared by the workloads: moons
/// from the peers' CSV file, or generated when there is no data folder (<see cref="BenchData"/>); the digits from the
/// copy bundled in the library (the same split as shared/data).
/// </summary>
internal sealed class BenchContext(BenchOptions options)
{
    private readonly Lazy<Dataset> moons = new(() =>
        options.DataDirectory is { } folder ? Load(Path.Combine(folder, "moons_1000.csv")) : BenchData.BuiltInMoons());
    private readonly Lazy<(Dataset, Dataset)> digits = new(() =>
        (Dataset.FromLabelled(BundledDigits.Train.Scale(1 / 16.0)), Dataset.FromLabelled(BundledDigits.Test.Scale(1 / 16.0))));

    public BenchOptions Options => options;

    /// <summary>The thread budget every workload trains with.</summary>
    public Tensors.Parallelism Parallelism { get; } = new(Math.Max(1, options.Threads));

    public Dataset Moons => moons.Value;

    /// <summary>Digits train and test, features divided by 16 as WORKLOADS.md prescribes.</summary>
    public (Dataset Train, Dataset Test) Digits => digits.Value;

    public BenchRecord Record(string workload, string dtype, double seconds, long steps, double samples,
        double finalLoss, double trainAccuracy, double? testAccuracy, double? gflop, string? note = null) =>
        new(workload, dtype, options.Threads, seconds, steps, samples, finalLoss, trainAccuracy, testAccuracy, gflop, options.Quick, note,
            BenchData.Describe(workload, options.DataDirectory));

    private static Dataset Load(string path)
    {
        using var stream = File.OpenRead(path);
        return CsvLoader.Load(stream, path).Match(d => d,
            errors => throw new FormatException(string.Join("; ", errors.Select(e => e.Message))));
    }
}
