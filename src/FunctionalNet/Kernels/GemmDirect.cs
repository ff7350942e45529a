using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// Small products computed straight from the operands, with no packing or threading: the tutorials' tiny layers
/// and single-sample steps. They form each element with the same fused multiply-add chain over p as the packed
/// path, so which path a shape takes never shows in the bits.
/// </summary>
internal static unsafe class GemmDirect
{
    /// <summary>Scalar chains, four output columns at a time for instruction-level parallelism; any strides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scalar<T>(GemmOperand<T> a, GemmOperand<T> b, T* c, int ldc, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            T* ci = c + (nint)i * ldc;
            var ai = a.Offset(i, 0);
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                var bj = b.Offset(0, j);
                T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T x = ai.At(0, p);
                    s0 = T.FusedMultiplyAdd(x, bj.At(p, 0), s0);
                    s1 = T.FusedMultiplyAdd(x, bj.At(p, 1), s1);
                    s2 = T.FusedMultiplyAdd(x, bj.At(p, 2), s2);
                    s3 = T.FusedMultiplyAdd(x, bj.At(p, 3), s3);
                }
                ci[j] = s0;
                ci[j + 1] = s1;
                ci[j + 2] = s2;
                ci[j + 3] = s3;
            }
            for (; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s = T.FusedMultiplyAdd(ai.At(0, p), b.At(p, j), s);
                ci[j] = s;
            }
        }
    }

    /// <summary>B stored row-major (its rows contiguous): vectors across the columns of C, a scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ContiguousB<T, TV, TL>(GemmOperand<T> a, GemmOperand<T> b, T* c, int ldc, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int w = TL.Count;
        nuint uw = (nuint)w;
        for (int i = 0; i < m; i++)
        {
            T* ci = c + (nint)i * ldc;
            var ai = a.Offset(i, 0);
            int j = 0;
            for (; j + 4 * w <= n; j += 4 * w)
            {
                TV s0 = TL.Zero, s1 = TL.Zero, s2 = TL.Zero, s3 = TL.Zero;
                for (int p = 0; p < k; p++)
                {
                    TV x = TL.Broadcast(ai.At(0, p));
                    ref T row = ref *(b.Data + p * b.RowStride + j);
                    s0 = TL.MultiplyAdd(x, TL.Load(ref row, 0), s0);
                    s1 = TL.MultiplyAdd(x, TL.Load(ref row, uw), s1);
                    s2 = TL.MultiplyAdd(x, TL.Load(ref row, 2 * uw), s2);
                    s3 = TL.MultiplyAdd(x, TL.Load(ref row, 3 * uw), s3);
                }
                ref T dst = ref *(ci + j);
                TL.Store(s0, ref dst, 0);
                TL.Store(s1, ref dst, uw);
                TL.Store(s2, ref dst, 2 * uw);
                TL.Store(s3, ref dst, 3 * uw);
            }
            for (; j + w <= n; j += w)
            {
                TV s = TL.Zero;
                for (int p = 0; p < k; p++)
                    s = TL.MultiplyAdd(TL.Broadcast(ai.At(0, p)), TL.Load(ref *(b.Data + p * b.RowStride + j), 0), s);
                TL.Store(s, ref *(ci + j), 0);
            }
            for (; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s = T.FusedMultiplyAdd(ai.At(0, p), b.At(p, j), s);
                ci[j] = s;
            }
        }
    }
}
