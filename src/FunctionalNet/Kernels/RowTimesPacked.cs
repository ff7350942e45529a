using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// z = x · B for one row x [k] and a row-major B [k × n] (n a whole number of vectors): the single-row scoring product
/// over a layer's transposed weights. Eight vectors of columns per pass, so that all the chains of a layer up to
/// 8 vectors wide (a 100-unit layer in float32) run side by side in one sweep of x, where a narrower tail pass would
/// wait on the fused multiply-add latency. Each column is one fused multiply-add chain over p from zero, as in every
/// GEMM path, so the bits are those of <see cref="Gemm"/>. A last pass of fewer than eight vectors computes the
/// whole eight anyway: the caller pads B and z so that those extra lanes are readable and writable (they hold garbage).
/// </summary>
internal static class RowTimesPacked
{
    /// <summary>Vectors of columns per pass.</summary>
    public const int Vectors = 8;

    /// <summary>The values of z (and of B past its last row's start) one pass over <paramref name="n"/> columns touches.</summary>
    public static int Reach(int n, int lanes) => (n + Vectors * lanes - 1) / (Vectors * lanes) * (Vectors * lanes);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TV, TL>(ReadOnlySpan<T> x, ReadOnlySpan<T> b, Span<T> z, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int w = TL.Count, reach = Reach(n, w);
        if (k < 1 || n % w != 0 || x.Length < k || b.Length < (k - 1) * n + reach || z.Length < reach)
            throw new ArgumentException($"a row times a padded [{k} × {n}] matrix needs whole vectors of {w} and operands that reach {reach} columns");
        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T b0 = ref MemoryMarshal.GetReference(b);
        ref T z0 = ref MemoryMarshal.GetReference(z);
        for (int j = 0; j < n; j += Vectors * w)
            Pass<T, TV, TL>(ref x0, ref Unsafe.Add(ref b0, j), k, n, ref Unsafe.Add(ref z0, j));
    }

    /// <summary>
    /// Eight vectors of z from eight vectors of B's columns (its first row at <paramref name="column"/>, the next
    /// <paramref name="stride"/> values on): eight fused chains over p side by side, so their latency overlaps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pass<T, TV, TL>(ref T x0, ref T column, int k, int stride, ref T dst)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        nuint uw = (nuint)TL.Count;
        TV s0 = TL.Zero, s1 = TL.Zero, s2 = TL.Zero, s3 = TL.Zero, s4 = TL.Zero, s5 = TL.Zero, s6 = TL.Zero, s7 = TL.Zero;
        ref T row = ref column;
        for (int p = 0; p < k; p++)
        {
            TV xp = TL.Broadcast(Unsafe.Add(ref x0, p));
            s0 = TL.MultiplyAdd(xp, TL.Load(ref row, 0), s0);
            s1 = TL.MultiplyAdd(xp, TL.Load(ref row, uw), s1);
            s2 = TL.MultiplyAdd(xp, TL.Load(ref row, 2 * uw), s2);
            s3 = TL.MultiplyAdd(xp, TL.Load(ref row, 3 * uw), s3);
            s4 = TL.MultiplyAdd(xp, TL.Load(ref row, 4 * uw), s4);
            s5 = TL.MultiplyAdd(xp, TL.Load(ref row, 5 * uw), s5);
            s6 = TL.MultiplyAdd(xp, TL.Load(ref row, 6 * uw), s6);
            s7 = TL.MultiplyAdd(xp, TL.Load(ref row, 7 * uw), s7);
            row = ref Unsafe.Add(ref row, stride);
        }
        TL.Store(s0, ref dst, 0);
        TL.Store(s1, ref dst, uw);
        TL.Store(s2, ref dst, 2 * uw);
        TL.Store(s3, ref dst, 3 * uw);
        TL.Store(s4, ref dst, 4 * uw);
        TL.Store(s5, ref dst, 5 * uw);
        TL.Store(s6, ref dst, 6 * uw);
        TL.Store(s7, ref dst, 7 * uw);
    }
}
