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
        var sums = new Accumulator(columns);
        foreach (var memory in chunks) sums.Add(memory.Span);
        if (sums.Count == 0) throw new ArgumentException("cannot compute statistics of no rows", nameof(chunks));
        return sums.Result();
    }

    /// <summary>
    /// The same statistics for rows pushed a chunk at a time (a reader that is doing something else with the rows, such
    /// as checking a file's checksum): the chunks given in the same order make the same numbers as <see cref="Of"/>.
    /// </summary>
    public sealed class Accumulator
    {
        private readonly int columns;
        private readonly double[] mean, m2, min, max, first;
        private readonly bool[] allEqual;
        private readonly ChunkMoments chunk;
        private long count;

        /// <summary>An accumulator of rows of <paramref name="columns"/> values.</summary>
        public Accumulator(int columns)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
            this.columns = columns;
            (mean, m2, min, max, first) = (new double[columns], new double[columns], new double[columns], new double[columns], new double[columns]);
            allEqual = new bool[columns];
            chunk = new ChunkMoments(columns);
        }

        /// <summary>Rows added so far.</summary>
        public long Count => count;

        /// <summary>Adds one chunk: a whole number of rows, row-major (its moments by the two-pass formula, merged into the rest).</summary>
        public void Add<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
        {
            int rows = values.Length / columns;
            if (rows == 0) return;
            chunk.Reset();
            chunk.Sum(values[..(rows * columns)], 0);
            chunk.EndSum(rows);
            chunk.Deviate(values[..(rows * columns)], 0);
            Add(rows, chunk.Mean, chunk.M2, chunk.Min, chunk.Max, chunk.First);
        }

        /// <summary>
        /// Adds one chunk by its moments (<see cref="ChunkMoments"/>, or as a row cache's chunk table stores them): the same
        /// numbers as adding its rows. Chunks are merged by Chan, Golub and LeVeque's update, in the order given.
        /// </summary>
        public void Add(int rows, ReadOnlySpan<double> chunkMean, ReadOnlySpan<double> chunkM2, ReadOnlySpan<double> chunkMin, ReadOnlySpan<double> chunkMax,
            ReadOnlySpan<double> chunkFirst)
        {
            if (rows <= 0) return;
            if (count == 0)
                for (int j = 0; j < columns; j++) (first[j], allEqual[j], min[j], max[j]) = (chunkFirst[j], true, double.PositiveInfinity, double.NegativeInfinity);
            long total = count + rows;
            for (int j = 0; j < columns; j++)
            {
                // Every value equals the first exactly when the chunk's extremes do (a NaN makes both comparisons false).
                allEqual[j] &= chunkMin[j] == first[j] && chunkMax[j] == first[j];
                min[j] = Math.Min(min[j], chunkMin[j]);
                max[j] = Math.Max(max[j], chunkMax[j]);
                double delta = chunkMean[j] - mean[j];
                mean[j] += delta * rows / total;
                m2[j] += chunkM2[j] + delta * delta * ((double)count * rows / total);
            }
            count = total;
        }

        /// <summary>The statistics of the rows added so far. Throws on no rows.</summary>
        public ColumnStatistics Result()
        {
            if (count == 0) throw new InvalidOperationException("cannot compute statistics of no rows");
            var (centre, scale) = ((double[])mean.Clone(), new double[columns]);
            for (int j = 0; j < columns; j++)
            {
                if (allEqual[j]) centre[j] = first[j];
                double variance = Math.Max(0, m2[j] / count);
                double bound = count * Eps * variance + Math.Pow(count * centre[j] * Eps, 2);
                double sd = Math.Sqrt(variance);
                scale[j] = allEqual[j] || variance <= bound || !double.IsNormal(sd) ? 1.0 : sd;
            }
            return new ColumnStatistics(count, [.. centre], [.. scale], [.. min], [.. max]);
        }
    }
}
