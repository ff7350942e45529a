using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Data;

/// <summary>One-pass chunked statistics agree with the in-memory scalers: min–max exactly, mean and deviation to rounding, for any chunking.</summary>
public class ColumnStatisticsTests
{
    [Property(MaxTest = 100)]
    public Property Chunked_statistics_equal_the_scalers_fitted_on_all_rows() =>
        Prop.ForAll((from seed in Gen.Choose(0, int.MaxValue) from rows in Gen.Choose(1, 300) from cols in Gen.Choose(1, 5) from chunk in Gen.Choose(1, 50)
                     select (seed, rows, cols, chunk)).ToArbitrary(),
            c =>
            {
                var (seed, rows, cols, chunk) = c;
                var values = new double[rows * cols];
                Rng.Create((ulong)seed).FillNormal<double>(values, 3, 2);
                for (int r = 0; r < rows; r++) values[r * cols] = 7; // a constant column gets scale 1
                var x = Matrix<double>.Create(rows, cols, values);
                var chunks = Enumerable.Range(0, (rows + chunk - 1) / chunk)
                    .Select(c => (ReadOnlyMemory<double>)values.AsMemory(c * chunk * cols, Math.Min(chunk, rows - c * chunk) * cols));
                var stats = ColumnStatistics.Of(cols, chunks);
                var standard = StandardScaler.Fit(x);
                var minmax = MinMaxScaler.Fit(x);
                bool Close(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(b));
                return stats.Count == rows && stats.Min.SequenceEqual(minmax.DataMin) && stats.Max.SequenceEqual(minmax.DataMax)
                    && stats.Mean.Zip(standard.Mean, Close).All(ok => ok) && stats.Scale.Zip(standard.Scale, Close).All(ok => ok)
                    && stats.Scale[0] == 1 && stats.Mean[0] == 7;
            });
}
