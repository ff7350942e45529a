using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// Products whose chains or row count are an output layer's ten: the weight gradient δᵀ·A (ten rows of C, k = the batch's
/// rows) and the error sent back δ·W (k = ten). Ten rows of C by one or two vectors of columns stay in registers for the
/// whole of k, so C is written once, never reloaded between k blocks, and both operands are read in place with no packing;
/// the blocked kernel held ten rows as 8 + 2 and, with k = 10, spent its tiles on loading and storing C.
/// </summary>
internal static unsafe class GemmStrips
{
    /// <summary>Rows of C a strip holds in registers.</summary>
    public const int Rows = 10;

    /// <summary>
    /// C[m × n] = A · B for B with contiguous rows and n at least one vector wide; same fused chains over p as every other
    /// path. Columns past the last two-vector strip are formed by one strip ending at column n, which forms again some
    /// columns already formed, by the same chains and so with the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TV, TL>(GemmOperand<T> a, GemmOperand<T> b, T* c, int ldc, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int w = TL.Count;
        for (int i = 0; i < m; i += Rows)
        {
            var rows = new StripRows<T>(a.Offset(i, 0), Math.Min(Rows, m - i));
            T* ci = c + (nint)i * ldc;
            int j = 0;
            for (; j + 2 * w <= n; j += 2 * w) Two<T, TV, TL>(rows, b.Data + j, b.RowStride, ci + j, ldc, k);
            // More than a vector left (n = 25 doubles: 16 + 9) is one two-vector strip ending at n, fewer broadcasts than two strips.
            if (n - j > w && n >= 2 * w)
            {
                Two<T, TV, TL>(rows, b.Data + (n - 2 * w), b.RowStride, ci + (n - 2 * w), ldc, k);
                continue;
            }
            if (n - j > w) One<T, TV, TL>(rows, b.Data + j, b.RowStride, ci + j, ldc, k);
            if (j < n) One<T, TV, TL>(rows, b.Data + (n - w), b.RowStride, ci + (n - w), ldc, k);
        }
    }

    // Ten rows by two vectors: twenty chains, two loads of B and ten broadcasts of A a step.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Two<T, TV, TL>(StripRows<T> a, T* b, nint ldb, T* c, int ldc, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        nuint w = (nuint)TL.Count;
        TV c0 = TL.Zero, c1 = TL.Zero, c2 = TL.Zero, c3 = TL.Zero, c4 = TL.Zero, c5 = TL.Zero, c6 = TL.Zero, c7 = TL.Zero, c8 = TL.Zero, c9 = TL.Zero;
        TV d0 = TL.Zero, d1 = TL.Zero, d2 = TL.Zero, d3 = TL.Zero, d4 = TL.Zero, d5 = TL.Zero, d6 = TL.Zero, d7 = TL.Zero, d8 = TL.Zero, d9 = TL.Zero;
        int rows = a.Count;
        T* ap = a.First;
        nint step = a.Step, o1 = a.Offset(1), o2 = a.Offset(2), o3 = a.Offset(3), o4 = a.Offset(4), o5 = a.Offset(5), o6 = a.Offset(6),
            o7 = a.Offset(7), o8 = a.Offset(8), o9 = a.Offset(9);
        for (int p = 0; p < k; p++, ap += step, b += ldb)
        {
            TV b0 = TL.Load(ref *b, 0), b1 = TL.Load(ref *b, w);
            TV x = TL.Broadcast(*ap);
            c0 = TL.MultiplyAdd(x, b0, c0); d0 = TL.MultiplyAdd(x, b1, d0);
            x = TL.Broadcast(ap[o1]);
            c1 = TL.MultiplyAdd(x, b0, c1); d1 = TL.MultiplyAdd(x, b1, d1);
            x = TL.Broadcast(ap[o2]);
            c2 = TL.MultiplyAdd(x, b0, c2); d2 = TL.MultiplyAdd(x, b1, d2);
            x = TL.Broadcast(ap[o3]);
            c3 = TL.MultiplyAdd(x, b0, c3); d3 = TL.MultiplyAdd(x, b1, d3);
            x = TL.Broadcast(ap[o4]);
            c4 = TL.MultiplyAdd(x, b0, c4); d4 = TL.MultiplyAdd(x, b1, d4);
            x = TL.Broadcast(ap[o5]);
            c5 = TL.MultiplyAdd(x, b0, c5); d5 = TL.MultiplyAdd(x, b1, d5);
            x = TL.Broadcast(ap[o6]);
            c6 = TL.MultiplyAdd(x, b0, c6); d6 = TL.MultiplyAdd(x, b1, d6);
            x = TL.Broadcast(ap[o7]);
            c7 = TL.MultiplyAdd(x, b0, c7); d7 = TL.MultiplyAdd(x, b1, d7);
            x = TL.Broadcast(ap[o8]);
            c8 = TL.MultiplyAdd(x, b0, c8); d8 = TL.MultiplyAdd(x, b1, d8);
            x = TL.Broadcast(ap[o9]);
            c9 = TL.MultiplyAdd(x, b0, c9); d9 = TL.MultiplyAdd(x, b1, d9);
        }
        Store<T, TV, TL>(c0, d0, c, w);
        if (rows > 1) Store<T, TV, TL>(c1, d1, c + ldc, w);
        if (rows > 2) Store<T, TV, TL>(c2, d2, c + 2 * ldc, w);
        if (rows > 3) Store<T, TV, TL>(c3, d3, c + 3 * ldc, w);
        if (rows > 4) Store<T, TV, TL>(c4, d4, c + 4 * ldc, w);
        if (rows > 5) Store<T, TV, TL>(c5, d5, c + 5 * ldc, w);
        if (rows > 6) Store<T, TV, TL>(c6, d6, c + 6 * ldc, w);
        if (rows > 7) Store<T, TV, TL>(c7, d7, c + 7 * ldc, w);
        if (rows > 8) Store<T, TV, TL>(c8, d8, c + 8 * ldc, w);
        if (rows > 9) Store<T, TV, TL>(c9, d9, c + 9 * ldc, w);
    }

    // Ten rows by one vector: the columns left after the two-vector strips.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void One<T, TV, TL>(StripRows<T> a, T* b, nint ldb, T* c, int ldc, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        TV c0 = TL.Zero, c1 = TL.Zero, c2 = TL.Zero, c3 = TL.Zero, c4 = TL.Zero, c5 = TL.Zero, c6 = TL.Zero, c7 = TL.Zero, c8 = TL.Zero, c9 = TL.Zero;
        int rows = a.Count;
        T* ap = a.First;
        nint step = a.Step, o1 = a.Offset(1), o2 = a.Offset(2), o3 = a.Offset(3), o4 = a.Offset(4), o5 = a.Offset(5), o6 = a.Offset(6),
            o7 = a.Offset(7), o8 = a.Offset(8), o9 = a.Offset(9);
        for (int p = 0; p < k; p++, ap += step, b += ldb)
        {
            TV b0 = TL.Load(ref *b, 0);
            c0 = TL.MultiplyAdd(TL.Broadcast(*ap), b0, c0);
            c1 = TL.MultiplyAdd(TL.Broadcast(ap[o1]), b0, c1);
            c2 = TL.MultiplyAdd(TL.Broadcast(ap[o2]), b0, c2);
            c3 = TL.MultiplyAdd(TL.Broadcast(ap[o3]), b0, c3);
            c4 = TL.MultiplyAdd(TL.Broadcast(ap[o4]), b0, c4);
            c5 = TL.MultiplyAdd(TL.Broadcast(ap[o5]), b0, c5);
            c6 = TL.MultiplyAdd(TL.Broadcast(ap[o6]), b0, c6);
            c7 = TL.MultiplyAdd(TL.Broadcast(ap[o7]), b0, c7);
            c8 = TL.MultiplyAdd(TL.Broadcast(ap[o8]), b0, c8);
            c9 = TL.MultiplyAdd(TL.Broadcast(ap[o9]), b0, c9);
        }
        TL.Store(c0, ref *c, 0);
        if (rows > 1) TL.Store(c1, ref *(c + ldc), 0);
        if (rows > 2) TL.Store(c2, ref *(c + 2 * ldc), 0);
        if (rows > 3) TL.Store(c3, ref *(c + 3 * ldc), 0);
        if (rows > 4) TL.Store(c4, ref *(c + 4 * ldc), 0);
        if (rows > 5) TL.Store(c5, ref *(c + 5 * ldc), 0);
        if (rows > 6) TL.Store(c6, ref *(c + 6 * ldc), 0);
        if (rows > 7) TL.Store(c7, ref *(c + 7 * ldc), 0);
        if (rows > 8) TL.Store(c8, ref *(c + 8 * ldc), 0);
        if (rows > 9) TL.Store(c9, ref *(c + 9 * ldc), 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T, TV, TL>(TV first, TV second, T* destination, nuint w)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        TL.Store(first, ref *destination, 0);
        TL.Store(second, ref *destination, w);
    }
}
