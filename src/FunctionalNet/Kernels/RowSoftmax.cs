using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// Softmax and log-sum-exp over the rows of a row-major [rows × width] buffer. Rows at least
/// <see cref="VectorWidth"/> wide go through the vectorised primitives a row at a time. Narrower rows (ten classes)
/// would spend more on a call per row than on its arithmetic, so a block of them is transposed into a scratch
/// [width × rows] buffer where one vector holds the same entry of several rows: the maximum, shift, sum and scaling are
/// vector operations over rows, in entry order, and the exponential is one call over the block. A row's bits do not
/// depend on the batch: every lane runs the same code, and every block is padded to whole vectors. On AVX-512 the narrow
/// rows go through <see cref="GatheredSoftmax"/> instead, which forms the same numbers without the scratch copy.
/// </summary>
internal static class RowSoftmax
{
    /// <summary>Rows at least this wide are handled a row at a time.</summary>
    public const int VectorWidth = 16;

    // Elements per transposed block: its shifted logits stay in L1 between the shift, the exponential and the sums.
    private const int BlockElements = 1024;

    /// <summary>
    /// a = softmax(z) for every row; <paramref name="a"/> may be <paramref name="z"/>. Given room for one value per row,
    /// <paramref name="rowMax"/> and <paramref name="rowSum"/> receive each row's max and Σ e^{z − max}: the numbers
    /// <see cref="LogSumExp"/> would form again, in the same order, which <see cref="LogSumExpOf"/> finishes with its logarithm.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<T>(ReadOnlySpan<T> z, Span<T> a, int width, Span<T> rowMax = default, Span<T> rowSum = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = z.Length / width;
        bool keep = !rowSum.IsEmpty;
        if (width >= VectorWidth)
        {
            for (int r = 0; r < rows; r++)
            {
                var zr = z.Slice(r * width, width);
                var ar = a.Slice(r * width, width);
                T m = TensorPrimitives.Max(zr);
                TensorPrimitives.Subtract(zr, m, ar);
                Lanewise.Exp<T>(ar, ar);
                T total = TensorPrimitives.Sum<T>(ar);
                TensorPrimitives.Divide(ar, total, ar);
                if (keep) (rowMax[r], rowSum[r]) = (m, total);
            }
            return;
        }
        if (GatheredSoftmax.Supports<T>()) GatheredSoftmax.Forward(z, a, width, rowMax, rowSum);
        else TransposedForward(z, a, width, rowMax, rowSum);
    }

    /// <summary>
    /// <see cref="Forward{T}"/> for rows narrower than <see cref="VectorWidth"/> through a transposed scratch block: any CPU
    /// (<see cref="GatheredSoftmax"/> gives the same bits where it runs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void TransposedForward<T>(ReadOnlySpan<T> z, Span<T> a, int width, Span<T> rowMax, Span<T> rowSum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = z.Length / width;
        bool keep = !rowSum.IsEmpty;
        int block = BlockRows<T>(width, rows);
        Span<T> t = stackalloc T[block * width];
        Span<T> max = stackalloc T[block];
        Span<T> sum = stackalloc T[block];
        int lanes = Vector<T>.Count;
        for (int r0 = 0; r0 < rows; r0 += block)
        {
            int count = Math.Min(block, rows - r0), span = BlockRows<T>(width, count); // the last block: only as many lanes as its rows
            ExpShifted(z.Slice(r0 * width, count * width), width, span, t[..(span * width)], max, sum);
            if (keep)
            {
                max[..count].CopyTo(rowMax.Slice(r0, count));
                sum[..count].CopyTo(rowSum.Slice(r0, count));
            }
            for (int i = 0; i < span; i += lanes)
            {
                // One division per row, then multiplications (a division costs a dozen of them).
                var inverse = Vector<T>.One / new Vector<T>(sum[i..]);
                for (int k = 0; k < width; k++)
                {
                    var at = t.Slice(k * span + i, lanes);
                    (new Vector<T>(at) * inverse).CopyTo(at);
                }
            }
            Transpose(t, span, a.Slice(r0 * width, count * width), count, width);
        }
    }

    /// <summary>lse[r] = log Σ_k e^{z[r, k]}, computed as max + log Σ e^{z − max}, for every row of <paramref name="z"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogSumExp<T>(ReadOnlySpan<T> z, int width, Span<T> lse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = z.Length / width;
        if (width >= VectorWidth)
        {
            T[] shifted = System.Buffers.ArrayPool<T>.Shared.Rent(width);
            var s = shifted.AsSpan(0, width);
            for (int r = 0; r < rows; r++)
            {
                var zr = z.Slice(r * width, width);
                T m = TensorPrimitives.Max(zr);
                TensorPrimitives.Subtract(zr, m, s);
                Lanewise.Exp<T>(s, s);
                lse[r] = m + T.Log(TensorPrimitives.Sum<T>(s));
            }
            System.Buffers.ArrayPool<T>.Shared.Return(shifted);
            return;
        }
        if (GatheredSoftmax.Supports<T>()) GatheredSoftmax.LogSumExp(z, width, lse);
        else TransposedLogSumExp(z, width, lse);
    }

    /// <summary><see cref="LogSumExp{T}"/> for rows narrower than <see cref="VectorWidth"/> through a transposed scratch block (any CPU).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void TransposedLogSumExp<T>(ReadOnlySpan<T> z, int width, Span<T> lse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = z.Length / width;
        int block = BlockRows<T>(width, rows);
        Span<T> t = stackalloc T[block * width];
        Span<T> max = stackalloc T[block];
        // The logarithm, too, runs on at least one widest vector: the padding is 1, whose logarithm is never read.
        Span<T> sum = stackalloc T[Math.Max(block, 64 / Unsafe.SizeOf<T>())];
        for (int r0 = 0; r0 < rows; r0 += block)
        {
            int count = Math.Min(block, rows - r0), span = BlockRows<T>(width, count);
            sum.Fill(T.One);
            ExpShifted(z.Slice(r0 * width, count * width), width, span, t[..(span * width)], max, sum);
            TensorPrimitives.Log<T>(sum, sum);
            TensorPrimitives.Add<T>(max[..count], sum[..count], lse.Slice(r0, count));
        }
    }

    /// <summary>
    /// lse[r] = max[r] + log sum[r] from the row maxima and sums <see cref="Forward{T}"/> kept for rows <paramref name="width"/>
    /// wide: the logarithm <see cref="LogSumExp"/> takes (one scalar call per wide row; for narrow rows the vectorised one,
    /// over at least one widest vector so that it takes the same path), so the same bits as <see cref="LogSumExp"/> of the z.
    /// </summary>
    public static void LogSumExpOf<T>(ReadOnlySpan<T> max, ReadOnlySpan<T> sum, int width, Span<T> lse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = sum.Length;
        if (width >= VectorWidth)
        {
            for (int r = 0; r < rows; r++) lse[r] = max[r] + T.Log(sum[r]);
            return;
        }
        int widest = 64 / Unsafe.SizeOf<T>();
        if (rows >= widest)
        {
            TensorPrimitives.Log(sum, lse[..rows]);
            TensorPrimitives.Add(max, lse[..rows], lse[..rows]);
            return;
        }
        Span<T> padded = stackalloc T[widest];
        padded.Fill(T.One);
        sum.CopyTo(padded);
        TensorPrimitives.Log<T>(padded, padded);
        TensorPrimitives.Add(max, padded[..rows], lse[..rows]);
    }

    // A whole number of vectors of rows, about BlockElements elements, fewer when the batch is smaller (a single row's
    // prediction), but at least one widest vector of elements, so that the exponential always takes its widest path.
    private static int BlockRows<T>(int width, int rows) where T : unmanaged
    {
        int lanes = Vector<T>.Count, widest = 64 / Unsafe.SizeOf<T>();
        int needed = Math.Max(rows, (widest + width - 1) / width);
        return Math.Min(Math.Max(lanes, BlockElements / width / lanes * lanes), (needed + lanes - 1) / lanes * lanes);
    }

    // t (width × block, transposed; rows past `z` are zeros) = e^{z − max(row)}, with each row's max and Σ e^{z − max}.
    // A NaN makes its whole row NaN whichever maximum is kept: its shifted value is NaN, and so the row's sum.
    private static void ExpShifted<T>(ReadOnlySpan<T> z, int width, int block, Span<T> t, Span<T> max, Span<T> sum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = z.Length / width, lanes = Vector<T>.Count;
        // Moves without bounds checks (a check per element cost more than the move), after one check of the whole.
        if (t.Length < width * block || rows > block) throw new ArgumentOutOfRangeException(nameof(block));
        ref T from = ref MemoryMarshal.GetReference(z);
        ref T to = ref MemoryMarshal.GetReference(t);
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < width; k++) Unsafe.Add(ref to, k * block + r) = Unsafe.Add(ref from, r * width + k);
        if (rows < block)
            for (int k = 0; k < width; k++) t.Slice(k * block + rows, block - rows).Clear();
        for (int i = 0; i < block; i += lanes)
        {
            var m = new Vector<T>(t[i..]);
            for (int k = 1; k < width; k++) m = Vector.Max(m, new Vector<T>(t[(k * block + i)..]));
            m.CopyTo(max[i..]);
            for (int k = 0; k < width; k++)
            {
                var at = t.Slice(k * block + i, lanes);
                (new Vector<T>(at) - m).CopyTo(at);
            }
        }
        Lanewise.Exp<T>(t, t);
        for (int i = 0; i < block; i += lanes)
        {
            var s = new Vector<T>(t[i..]);
            for (int k = 1; k < width; k++) s += new Vector<T>(t[(k * block + i)..]);
            s.CopyTo(sum[i..]);
        }
    }

    // a (rows × width) = the first `rows` columns of t (width × block).
    private static void Transpose<T>(ReadOnlySpan<T> t, int block, Span<T> a, int rows, int width) where T : unmanaged
    {
        if (t.Length < width * block || a.Length < rows * width || rows > block) throw new ArgumentOutOfRangeException(nameof(rows));
        ref T from = ref MemoryMarshal.GetReference(t);
        ref T to = ref MemoryMarshal.GetReference(a);
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < width; k++) Unsafe.Add(ref to, r * width + k) = Unsafe.Add(ref from, k * block + r);
    }
}
