using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// z = x · B for one row x [k] and a row-major B [k × n] whose n is a whole number of vectors: the single-sample
/// forward product over a transposed weight copy. Each column is one fused multiply-add chain over p from zero, as
/// in every GEMM path, so the bits are those of <see cref="Gemm"/>; up to eight columns' vectors run side by side
/// so that the chains' latency overlaps (the GEMM's direct kernel keeps four, and one for a narrow layer's last).
/// </summary>
internal static class RowTimesMatrix
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TV, TL>(ReadOnlySpan<T> x, ReadOnlySpan<T> b, Span<T> z, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int w = TL.Count;
        if (n % w != 0 || x.Length < k || b.Length < k * n || z.Length < n)
            throw new ArgumentException($"a row times a [{k} × {n}] matrix needs whole vectors of {w} and operands that fit");
        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T b0 = ref MemoryMarshal.GetReference(b);
        ref T z0 = ref MemoryMarshal.GetReference(z);
        nuint uw = (nuint)w;
        int j = 0;
        for (; j + 8 * w <= n; j += 8 * w)
            RowTimesPacked.Pass<T, TV, TL>(ref x0, ref Unsafe.Add(ref b0, j), k, n, ref Unsafe.Add(ref z0, j));
        if (j + 4 * w <= n)
        {
            TV s0 = TL.Zero, s1 = TL.Zero, s2 = TL.Zero, s3 = TL.Zero;
            for (int p = 0; p < k; p++)
            {
                TV xp = TL.Broadcast(Unsafe.Add(ref x0, p));
                ref T row = ref Unsafe.Add(ref b0, p * n + j);
                s0 = TL.MultiplyAdd(xp, TL.Load(ref row, 0), s0);
                s1 = TL.MultiplyAdd(xp, TL.Load(ref row, uw), s1);
                s2 = TL.MultiplyAdd(xp, TL.Load(ref row, 2 * uw), s2);
                s3 = TL.MultiplyAdd(xp, TL.Load(ref row, 3 * uw), s3);
            }
            ref T dst = ref Unsafe.Add(ref z0, j);
            TL.Store(s0, ref dst, 0);
            TL.Store(s1, ref dst, uw);
            TL.Store(s2, ref dst, 2 * uw);
            TL.Store(s3, ref dst, 3 * uw);
            j += 4 * w;
        }
        if (j + 2 * w <= n)
        {
            TV s0 = TL.Zero, s1 = TL.Zero;
            for (int p = 0; p < k; p++)
            {
                TV xp = TL.Broadcast(Unsafe.Add(ref x0, p));
                ref T row = ref Unsafe.Add(ref b0, p * n + j);
                s0 = TL.MultiplyAdd(xp, TL.Load(ref row, 0), s0);
                s1 = TL.MultiplyAdd(xp, TL.Load(ref row, uw), s1);
            }
            ref T dst = ref Unsafe.Add(ref z0, j);
            TL.Store(s0, ref dst, 0);
            TL.Store(s1, ref dst, uw);
            j += 2 * w;
        }
        if (j + w <= n)
        {
            TV s = TL.Zero;
            for (int p = 0; p < k; p++)
                s = TL.MultiplyAdd(TL.Broadcast(Unsafe.Add(ref x0, p)), TL.Load(ref Unsafe.Add(ref b0, p * n + j), 0), s);
            TL.Store(s, ref Unsafe.Add(ref z0, j), 0);
        }
    }
}
