using FunctionalNet.Tensors;
using System.Numerics;

namespace FunctionalNet;

/// <summary>
/// An immutable dense matrix in row-major order. Rows are samples, columns are features or units.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Matrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] data;

    private Matrix(int rows, int cols, T[] data)
    {
        Rows = rows;
        Cols = cols;
        this.data = data;
    }

    /// <summary>Number of rows (samples).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (features or units).</summary>
    public int Cols { get; }

    /// <summary>All elements, row after row.</summary>
    public ReadOnlySpan<T> Span => data;

    /// <summary>Element at row <paramref name="row"/>, column <paramref name="col"/>.</summary>
    public T this[int row, int col] => data[checked(row * Cols + col)];

    /// <summary>Row <paramref name="row"/> as a span.</summary>
    public ReadOnlySpan<T> Row(int row) => data.AsSpan(row * Cols, Cols);

    /// <summary>A matrix of the given shape holding a copy of <paramref name="values"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The number of values is not rows × cols.</exception>
    public static Matrix<T> Create(int rows, int cols, ReadOnlySpan<T> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (values.Length != (long)rows * cols)
            throw new ArgumentException($"expected {rows}×{cols} = {(long)rows * cols} values, found {values.Length}", nameof(values));
        return new Matrix<T>(rows, cols, values.ToArray());
    }

    /// <summary>A matrix of the given shape holding a copy of <paramref name="values"/> (row-major); the array form, for
    /// languages that do not convert an array to a span at a call (F#).</summary>
    /// <exception cref="ArgumentException">The number of values is not rows × cols.</exception>
    public static Matrix<T> Create(int rows, int cols, T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Create(rows, cols, (ReadOnlySpan<T>)values);
    }

    /// <summary>A matrix whose rows are the given arrays, which must all have the same length.</summary>
    public static Matrix<T> FromRows(IReadOnlyList<T[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int cols = rows.Count == 0 ? 0 : rows[0].Length;
        var data = new T[rows.Count * cols];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != cols)
                throw new ArgumentException($"row {i} has {rows[i].Length} values, expected {cols}", nameof(rows));
            rows[i].CopyTo(data, i * cols);
        }
        return new Matrix<T>(rows.Count, cols, data);
    }

    /// <summary>An all-zero matrix.</summary>
    public static Matrix<T> Zeros(int rows, int cols) => new(rows, cols, new T[checked(rows * cols)]);

    /// <summary>The rows with the given indices, in that order (a new matrix).</summary>
    public Matrix<T> SelectRows(ReadOnlySpan<int> indices)
    {
        var result = new T[indices.Length * Cols];
        for (int i = 0; i < indices.Length; i++) Row(indices[i]).CopyTo(result.AsSpan(i * Cols, Cols));
        return new Matrix<T>(indices.Length, Cols, result);
    }

    /// <summary>Rows <paramref name="start"/> … start+count−1 (a new matrix).</summary>
    public Matrix<T> Slice(int start, int count) =>
        new(count, Cols, data.AsSpan(start * Cols, count * Cols).ToArray());

    /// <summary>The same numbers converted to another precision.</summary>
    public Matrix<TOut> Convert<TOut>() where TOut : unmanaged, IFloatingPointIeee754<TOut>
    {
        var result = new TOut[data.Length];
        for (int i = 0; i < data.Length; i++) result[i] = TOut.CreateTruncating(data[i]);
        return Matrix<TOut>.Own(Rows, Cols, result);
    }

    /// <summary>Wraps a buffer the caller gives up: no copy. Only for buffers that never escape elsewhere.</summary>
    internal static Matrix<T> Own(int rows, int cols, T[] buffer)
    {
        if (buffer.Length != (long)rows * cols) throw new ArgumentException("buffer size does not match shape", nameof(buffer));
        return new Matrix<T>(rows, cols, buffer);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Matrix<{typeof(T).Name}>[{Rows}×{Cols}]";
}
