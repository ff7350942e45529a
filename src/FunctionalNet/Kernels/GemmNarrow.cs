using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// Products whose C has fewer columns than one vector (output layers of a few units, the gradients of tiny layers):
/// one vector holds a whole row of C, eight rows at a time, so eight independent chains hide the FMA latency however
/// long k is. B is read as contiguous rows of n values (copied into that layout first when it is stored transposed).
/// </summary>
internal static unsafe class GemmNarrow
{
    private const int Rows = 8;

    /// <summary>
    /// C[m × n] = A · B for n below twice the vector width (two vectors per row of C at and above one width); same
    /// fused chains over p as every other path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TV, TL>(GemmOperand<T> a, GemmOperand<T> b, T* c, int ldc, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int w = TL.Count;
        bool two = n >= w;
        // B as k rows of n values, followed by one vector of padding so the last row's full-width load stays inside
        // (with two vectors, the second load of the last row ends at (k − 1)·n + 2w ≤ k·n + w, since n ≥ w).
        int length = k * n + w;
        T[] packed = ArrayPool<T>.Shared.Rent(length);
        try
        {
            fixed (T* pb = packed)
            {
                Copy(b, pb, k, n);
                new Span<T>(pb + k * n, w).Clear();
                // Where C's rows are adjacent, a row's full vectors are stored in place: lanes past n land on the next
                // row's first columns, which that row's store (always later) writes again; only the last rows of C,
                // whose vectors would pass its end, go through the row buffer.
                T* end = ldc == n ? c + (nint)m * n : c;
                Span<T> row = stackalloc T[2 * w];
                fixed (T* pr = row)
                {
                    for (int i = 0; i < m; i += Rows)
                    {
                        if (two) BlockTwo<T, TV, TL>(a, pb, c + (nint)i * ldc, ldc, i, Math.Min(Rows, m - i), k, n, pr, end);
                        else Block<T, TV, TL>(a, pb, c + (nint)i * ldc, ldc, i, Math.Min(Rows, m - i), k, n, pr, end);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packed);
        }
    }

    // B as k rows of n values, walked by pointer (the index arithmetic of At cost more than the copies).
    private static void Copy<T>(GemmOperand<T> b, T* packed, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint cs = b.ColStride;
        for (int p = 0; p < k; p++)
        {
            T* s = b.Data + p * b.RowStride;
            T* d = packed + (nint)p * n;
            if (cs == 1)
            {
                new ReadOnlySpan<T>(s, n).CopyTo(new Span<T>(d, n));
                continue;
            }
            for (int j = 0; j < n; j++, s += cs) d[j] = *s;
        }
    }

    // Rows past the last real one repeat it (their results are dropped), so the loop body has no branches.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<T, TV, TL>(GemmOperand<T> a, T* b, T* c, int ldc, int i0, int rows, int k, int n, T* row, T* end)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int last = rows - 1;
        T* a0 = a.Data + i0 * a.RowStride;
        nint s = a.RowStride, t = a.ColStride;
        T* r0 = a0, r1 = a0 + Math.Min(1, last) * s, r2 = a0 + Math.Min(2, last) * s, r3 = a0 + Math.Min(3, last) * s;
        T* r4 = a0 + Math.Min(4, last) * s, r5 = a0 + Math.Min(5, last) * s, r6 = a0 + Math.Min(6, last) * s, r7 = a0 + Math.Min(7, last) * s;
        TV c0 = TL.Zero, c1 = TL.Zero, c2 = TL.Zero, c3 = TL.Zero, c4 = TL.Zero, c5 = TL.Zero, c6 = TL.Zero, c7 = TL.Zero;
        for (int p = 0; p < k; p++)
        {
            TV bp = TL.Load(ref *(b + (nint)p * n), 0);
            nint o = p * t;
            c0 = TL.MultiplyAdd(TL.Broadcast(r0[o]), bp, c0);
            c1 = TL.MultiplyAdd(TL.Broadcast(r1[o]), bp, c1);
            c2 = TL.MultiplyAdd(TL.Broadcast(r2[o]), bp, c2);
            c3 = TL.MultiplyAdd(TL.Broadcast(r3[o]), bp, c3);
            c4 = TL.MultiplyAdd(TL.Broadcast(r4[o]), bp, c4);
            c5 = TL.MultiplyAdd(TL.Broadcast(r5[o]), bp, c5);
            c6 = TL.MultiplyAdd(TL.Broadcast(r6[o]), bp, c6);
            c7 = TL.MultiplyAdd(TL.Broadcast(r7[o]), bp, c7);
        }
        Store<T, TV, TL>(c0, c, n, row, end);
        if (rows > 1) Store<T, TV, TL>(c1, c + ldc, n, row, end);
        if (rows > 2) Store<T, TV, TL>(c2, c + 2 * ldc, n, row, end);
        if (rows > 3) Store<T, TV, TL>(c3, c + 3 * ldc, n, row, end);
        if (rows > 4) Store<T, TV, TL>(c4, c + 4 * ldc, n, row, end);
        if (rows > 5) Store<T, TV, TL>(c5, c + 5 * ldc, n, row, end);
        if (rows > 6) Store<T, TV, TL>(c6, c + 6 * ldc, n, row, end);
        if (rows > 7) Store<T, TV, TL>(c7, c + 7 * ldc, n, row, end);
    }

    // Block for w ≤ n < 2w: sixteen accumulators (the micro-kernel's 8 × 2-vector tile) read A's rows in place, where
    // the packed path would first copy all of A and then round every tile through an edge buffer. Lanes past n
    // compute with the next row's values of B and are never stored.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockTwo<T, TV, TL>(GemmOperand<T> a, T* b, T* c, int ldc, int i0, int rows, int k, int n, T* row, T* end)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int last = rows - 1;
        nuint w = (nuint)TL.Count;
        T* a0 = a.Data + i0 * a.RowStride;
        nint s = a.RowStride, t = a.ColStride;
        T* r0 = a0, r1 = a0 + Math.Min(1, last) * s, r2 = a0 + Math.Min(2, last) * s, r3 = a0 + Math.Min(3, last) * s;
        T* r4 = a0 + Math.Min(4, last) * s, r5 = a0 + Math.Min(5, last) * s, r6 = a0 + Math.Min(6, last) * s, r7 = a0 + Math.Min(7, last) * s;
        TV c0 = TL.Zero, c1 = TL.Zero, c2 = TL.Zero, c3 = TL.Zero, c4 = TL.Zero, c5 = TL.Zero, c6 = TL.Zero, c7 = TL.Zero;
        TV d0 = TL.Zero, d1 = TL.Zero, d2 = TL.Zero, d3 = TL.Zero, d4 = TL.Zero, d5 = TL.Zero, d6 = TL.Zero, d7 = TL.Zero;
        for (int p = 0; p < k; p++)
        {
            ref T bRow = ref *(b + (nint)p * n);
            TV bp = TL.Load(ref bRow, 0), bq = TL.Load(ref bRow, w);
            nint o = p * t;
            TV x = TL.Broadcast(r0[o]);
            c0 = TL.MultiplyAdd(x, bp, c0);
            d0 = TL.MultiplyAdd(x, bq, d0);
            x = TL.Broadcast(r1[o]);
            c1 = TL.MultiplyAdd(x, bp, c1);
            d1 = TL.MultiplyAdd(x, bq, d1);
            x = TL.Broadcast(r2[o]);
            c2 = TL.MultiplyAdd(x, bp, c2);
            d2 = TL.MultiplyAdd(x, bq, d2);
            x = TL.Broadcast(r3[o]);
            c3 = TL.MultiplyAdd(x, bp, c3);
            d3 = TL.MultiplyAdd(x, bq, d3);
            x = TL.Broadcast(r4[o]);
            c4 = TL.MultiplyAdd(x, bp, c4);
            d4 = TL.MultiplyAdd(x, bq, d4);
            x = TL.Broadcast(r5[o]);
            c5 = TL.MultiplyAdd(x, bp, c5);
            d5 = TL.MultiplyAdd(x, bq, d5);
            x = TL.Broadcast(r6[o]);
            c6 = TL.MultiplyAdd(x, bp, c6);
            d6 = TL.MultiplyAdd(x, bq, d6);
            x = TL.Broadcast(r7[o]);
            c7 = TL.MultiplyAdd(x, bp, c7);
            d7 = TL.MultiplyAdd(x, bq, d7);
        }
        StoreTwo<T, TV, TL>(c0, d0, c, n, row, end);
        if (rows > 1) StoreTwo<T, TV, TL>(c1, d1, c + ldc, n, row, end);
        if (rows > 2) StoreTwo<T, TV, TL>(c2, d2, c + 2 * ldc, n, row, end);
        if (rows > 3) StoreTwo<T, TV, TL>(c3, d3, c + 3 * ldc, n, row, end);
        if (rows > 4) StoreTwo<T, TV, TL>(c4, d4, c + 4 * ldc, n, row, end);
        if (rows > 5) StoreTwo<T, TV, TL>(c5, d5, c + 5 * ldc, n, row, end);
        if (rows > 6) StoreTwo<T, TV, TL>(c6, d6, c + 6 * ldc, n, row, end);
        if (rows > 7) StoreTwo<T, TV, TL>(c7, d7, c + 7 * ldc, n, row, end);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTwo<T, TV, TL>(TV first, TV second, T* destination, int n, T* row, T* end)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        if (destination + 2 * TL.Count <= end)
        {
            TL.Store(first, ref *destination, 0);
            TL.Store(second, ref *destination, (nuint)TL.Count);
            return;
        }
        TL.Store(first, ref *row, 0);
        TL.Store(second, ref *row, (nuint)TL.Count);
        for (int j = 0; j < n; j++) destination[j] = row[j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T, TV, TL>(TV value, T* destination, int n, T* row, T* end)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        if (destination + TL.Count <= end)
        {
            TL.Store(value, ref *destination, 0);
            return;
        }
        TL.Store(value, ref *row, 0);
        for (int j = 0; j < n; j++) destination[j] = row[j];
    }
}
