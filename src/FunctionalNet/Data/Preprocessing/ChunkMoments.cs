using System.Numerics;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>
/// One chunk's exact two-pass moments per column — count, mean, M2 = Σ (x − mean)², minimum, maximum and the first row —
/// fed in pieces that need not end on a row: first every value (<see cref="Sum{T}"/>), then, once <see cref="EndSum"/>
/// has divided the sums, every value again (<see cref="Deviate{T}"/>). Each column is added in row order, so a chunk
/// fed in any pieces has the same bits as one fed whole; <see cref="ColumnStatistics.Accumulator"/> merges chunks of these.
/// </summary>
public sealed class ChunkMoments
{
    private readonly int columns;
    private readonly double[] mean, m2, min, max, first;
    private int column;

    /// <summary>Moments of rows of <paramref name="columns"/> values.</summary>
    public ChunkMoments(int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        this.columns = columns;
        (mean, m2, min, max, first) = (new double[columns], new double[columns], new double[columns], new double[columns], new double[columns]);
        Reset();
    }

    /// <summary>Rows of the chunk (set by <see cref="EndSum"/>).</summary>
    public int Rows { get; private set; }

    /// <summary>Column means (the sums until <see cref="EndSum"/>).</summary>
    public ReadOnlySpan<double> Mean => mean;

    /// <summary>Column sums of squared deviations from the mean.</summary>
    public ReadOnlySpan<double> M2 => m2;

    /// <summary>Column minima (<see cref="Math.Min(double, double)"/>: −0 below +0, NaN when any value is NaN).</summary>
    public ReadOnlySpan<double> Min => min;

    /// <summary>Column maxima.</summary>
    public ReadOnlySpan<double> Max => max;

    /// <summary>The chunk's first row.</summary>
    public ReadOnlySpan<double> First => first;

    /// <summary>Starts a new chunk.</summary>
    public void Reset()
    {
        Array.Clear(mean);
        Array.Clear(m2);
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        (column, Rows) = (0, 0);
    }

    /// <summary>
    /// The first pass over the next values of the chunk, row-major, <paramref name="index"/> values into it: sums,
    /// minima, maxima, and the first row.
    /// </summary>
    public void Sum<T>(ReadOnlySpan<T> values, long index) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int j = (int)(index % columns);
        for (int i = 0; i < values.Length; i++)
        {
            double v = double.CreateTruncating(values[i]);
            if (index + i < columns) first[j] = v;
            mean[j] += v;
            min[j] = Math.Min(min[j], v);
            max[j] = Math.Max(max[j], v);
            if (++j == columns) j = 0;
        }
    }

    /// <summary>Ends the first pass over a chunk of <paramref name="rows"/> (≥ 1) rows: the sums become means.</summary>
    public void EndSum(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        Rows = rows;
        for (int j = 0; j < columns; j++) mean[j] /= rows;
    }

    /// <summary>The second pass over the next values, <paramref name="index"/> values into the chunk: squared deviations from the mean.</summary>
    public void Deviate<T>(ReadOnlySpan<T> values, long index) where T : unmanaged, IFloatingPointIeee754<T>
    {
        column = (int)(index % columns);
        for (int i = 0; i < values.Length; i++)
        {
            double d = double.CreateTruncating(values[i]) - mean[column];
            m2[column] += d * d;
            if (++column == columns) column = 0;
        }
    }
}
