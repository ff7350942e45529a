using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Tensors;

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
            if (a.RowStride == 1)
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
            if (b.ColStride == 1)
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
                for (int j = 0; j < nr; j++)
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
