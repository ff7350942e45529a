using System.Collections.Immutable;
using System.Numerics;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>
/// Per-column count, mean, population standard deviation, minimum and maximum of rows that arrive chunk by chunk (from
/// a file larger than memory): one pass over the data, each chunk's moments by the exact two-pass formula and chunks
/// merged by Chan, Golub and LeVeque's pairwise update. A column is constant (scale 1, as <see cref="StandardScaler"/>
/// rules) when all its values are equal, its variance is within rounding of zero, or its deviation is subnormal.
/// The numbers agree with <see cref="StandardScaler.Fit{T}(FunctionalNet.Matrix{T}, ReadOnlySpan{int}, ImmutableArray{string})"/>
/// to rounding, not bit for bit (that fit sums all rows in one sequence).
/// </summary>
/// <param name="Count">Rows seen.</param>
/// <param name="Mean">Column means.</param>
/// <param name="Scale">Column standard deviations (ddof 0), 1 for constant columns.</param>
/// <param name="Min">Column minima.</param>
/// <param name="Max">Column maxima.</param>
public sealed record ColumnStatistics(long Count, ImmutableArray<double> Mean, ImmutableArray<double> Scale, ImmutableArray<double> Min, ImmutableArray<double> Max)
{
    private const double Eps = 2.220446049250313e-16; // numpy's finfo(float64).eps, as StandardScaler uses

    /// <summary>
    /// The statistics of every row in <paramref name="chunks"/> (each a whole number of rows of <paramref name="columns"/>
    /// values, row-major); a chunk's buffer may be reused once the next is asked for. Throws on no rows.
    /// </summary>
    public static ColumnStatistics Of<T>(int columns, IEnumerable<ReadOnlyMemory<T>> chunks) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        long count = 0;
        var mean = new double[columns];
        var m2 = new double[columns];
        var min = new double[columns];
        var max = new double[columns];
        var first = new double[columns];
        var allEqual = new bool[columns];
        var chunkMean = new double[columns];
        var chunkM2 = new double[columns];
        foreach (var memory in chunks)
        {
            var values = memory.Span;
            int rows = values.Length / columns;
            if (rows == 0) continue;
            if (count == 0)
                for (int j = 0; j < columns; j++) (first[j], allEqual[j], min[j], max[j]) = (double.CreateTruncating(values[j]), true, double.PositiveInfinity, double.NegativeInfinity);
            Array.Clear(chunkMean);
            Array.Clear(chunkM2);
            for (int r = 0; r < rows; r++)
            {
                var row = values.Slice(r * columns, columns);
                for (int j = 0; j < columns; j++)
                {
                    double v = double.CreateTruncating(row[j]);
                    chunkMean[j] += v;
                    allEqual[j] &= v == first[j];
                    min[j] = Math.Min(min[j], v);
                    max[j] = Math.Max(max[j], v);
                }
            }
            for (int j = 0; j < columns; j++) chunkMean[j] /= rows;
            for (int r = 0; r < rows; r++)
            {
                var row = values.Slice(r * columns, columns);
                for (int j = 0; j < columns; j++)
                {
                    double d = double.CreateTruncating(row[j]) - chunkMean[j];
                    chunkM2[j] += d * d;
                }
            }
            long total = count + rows;
            for (int j = 0; j < columns; j++)
            {
                double delta = chunkMean[j] - mean[j];
                mean[j] += delta * rows / total;
                m2[j] += chunkM2[j] + delta * delta * ((double)count * rows / total);
            }
            count = total;
        }
        if (count == 0) throw new ArgumentException("cannot compute statistics of no rows", nameof(chunks));
        var scale = new double[columns];
        for (int j = 0; j < columns; j++)
        {
            if (allEqual[j]) mean[j] = first[j];
            double variance = Math.Max(0, m2[j] / count);
            double bound = count * Eps * variance + Math.Pow(count * mean[j] * Eps, 2);
            double sd = Math.Sqrt(variance);
            scale[j] = allEqual[j] || variance <= bound || !double.IsNormal(sd) ? 1.0 : sd;
        }
        return new ColumnStatistics(count, [.. mean], [.. scale], [.. min], [.. max]);
    }
}
