using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// Copies blocks of the operands into the contiguous panel order the micro-kernel streams, zero-padding partial
/// panels (padding rows and columns only ever meet padding, so real outputs are unaffected).
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs A[0..mc, 0..kc] into panels of <paramref name="mr"/> rows: panel q holds element (q·mr + r, p) at
    /// <c>dst[q·kc·mr + p·mr + r]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(GemmOperand<T> a, int mc, int kc, T* dst, int mr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int q0 = 0; q0 < mc; q0 += mr, dst += (nint)kc * mr)
        {
            int rows = Math.Min(mr, mc - q0);
            if (a.RowStride == 1 && rows == mr && mr % Vector<T>.Count == 0 && Vector.IsHardwareAccelerated)
            {
                // Stored transposed, a full panel: each p is one contiguous run of mr values, copied by vectors.
                for (int p = 0; p < kc; p++)
                {
                    T* src = a.Data + q0 + p * a.ColStride;
                    T* d = dst + (nint)p * mr;
                    for (int r = 0; r < mr; r += Vector<T>.Count) Unsafe.WriteUnaligned(d + r, Unsafe.ReadUnaligned<Vector<T>>(src + r));
                }
            }
            else if (a.RowStride == 1)
            {
                // Stored transposed: the mr values of one p are adjacent.
                for (int p = 0; p < kc; p++)
                {
                    T* src = a.Data + q0 + p * a.ColStride;
                    T* d = dst + (nint)p * mr;
                    int r = 0;
                    for (; r < rows; r++) d[r] = src[r];
                    for (; r < mr; r++) d[r] = T.Zero;
                }
            }
            else if (a.ColStride == 1 && rows == 8 && mr == 8 && GemmTransposePack.IsSupported)
            {
                GemmTransposePack.Rows8(a.Data + q0 * a.RowStride, a.RowStride, kc, dst, 8);
            }
            else if (a.ColStride == 1 && rows == 8 && mr == 8)
            {
                // Row-major A, a full panel (the common case: forward products X·Wᵀ): p outer, so the panel is
                // written in order while eight rows are read as sequential streams. Row by row, each write landed
                // mr elements past the last, and packing took half the time of a 1347 × 64 × 25 product.
                nint rs = a.RowStride;
                T* s0 = a.Data + q0 * rs;
                T* s1 = s0 + rs, s2 = s1 + rs, s3 = s2 + rs, s4 = s3 + rs, s5 = s4 + rs, s6 = s5 + rs, s7 = s6 + rs;
                T* d = dst;
                for (int p = 0; p < kc; p++, d += 8)
                {
                    d[0] = s0[p];
                    d[1] = s1[p];
                    d[2] = s2[p];
                    d[3] = s3[p];
                    d[4] = s4[p];
                    d[5] = s5[p];
                    d[6] = s6[p];
                    d[7] = s7[p];
                }
            }
            else
            {
                for (int r = 0; r < mr; r++)
                {
                    T* d = dst + r;
                    if (r < rows)
                    {
                        T* src = a.Data + (q0 + r) * a.RowStride;
                        for (int p = 0; p < kc; p++) d[(nint)p * mr] = src[p * a.ColStride];
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++) d[(nint)p * mr] = T.Zero;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs B[0..kc, 0..nc] into panels of <paramref name="nr"/> columns: panel q holds element (p, q·nr + j) at
    /// <c>dst[q·kc·nr + p·nr + j]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(GemmOperand<T> b, int kc, int nc, T* dst, int nr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int q0 = 0; q0 < nc; q0 += nr, dst += (nint)kc * nr)
        {
            int cols = Math.Min(nr, nc - q0);
            if (b.ColStride == 1 && cols == nr && nr % Vector<T>.Count == 0 && Vector.IsHardwareAccelerated)
            {
                // Row-major, a full panel: nr contiguous values per p, copied by vectors (a span copy per p cost more
                // in setup than in copying).
                for (int p = 0; p < kc; p++)
                {
                    T* src = b.Data + p * b.RowStride + q0;
                    T* d = dst + (nint)p * nr;
                    for (int j = 0; j < nr; j += Vector<T>.Count) Unsafe.WriteUnaligned(d + j, Unsafe.ReadUnaligned<Vector<T>>(src + j));
                }
            }
            else if (b.ColStride == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    var src = new ReadOnlySpan<T>(b.Data + p * b.RowStride + q0, cols);
                    var d = new Span<T>(dst + (nint)p * nr, nr);
                    src.CopyTo(d);
                    d[cols..].Clear();
                }
            }
            else
            {
                // Transposed B (Wᵀ in X·Wᵀ): W's rows are contiguous, so eight columns at a time are a register transpose.
                int j = 0;
                if (b.RowStride == 1 && GemmTransposePack.IsSupported)
                    for (; j + 8 <= cols; j += 8) GemmTransposePack.Rows8(b.Data + (q0 + j) * b.ColStride, b.ColStride, kc, dst + j, nr);
                for (; j < nr; j++)
                {
                    T* d = dst + j;
                    if (j < cols)
                    {
                        T* src = b.Data + (q0 + j) * b.ColStride;
                        for (int p = 0; p < kc; p++) d[(nint)p * nr] = src[p * b.RowStride];
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++) d[(nint)p * nr] = T.Zero;
                    }
                }
            }
        }
    }
}
