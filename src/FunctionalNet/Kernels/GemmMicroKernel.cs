using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// The register-tiled heart of the packed GEMM: an <see cref="Rows"/> × (2 vectors) tile of C kept in 16 registers
/// while the packed panels stream past. Every element is one fused multiply-add chain over p in increasing order,
/// continued across k-blocks by reloading C, so its bits never depend on where the tile sits or how big C is.
/// </summary>
internal static class GemmMicroKernel
{
    /// <summary>Rows of C per tile (MR); columns are 2 × the vector width (NR).</summary>
    public const int Rows = 8;

    /// <summary>
    /// C[8 × 2w] (leading dimension <paramref name="ldc"/>) = (accumulate ? C : 0) + A-panel · B-panel, where the
    /// A-panel holds 8 values per p and the B-panel 2w values per p; on a product's last k block (<paramref name="finish"/>)
    /// <paramref name="tail"/>, positioned at this tile, finishes the sums in registers instead of the plain stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TV, TL>(ref T a, ref T b, int kc, ref T c, nuint ldc, bool accumulate, GemmEpilogue<T> tail, bool finish)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        nuint w = (nuint)TL.Count;
        TV c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate)
        {
            c00 = TL.Load(ref c, 0); c01 = TL.Load(ref c, w);
            c10 = TL.Load(ref c, ldc); c11 = TL.Load(ref c, ldc + w);
            c20 = TL.Load(ref c, 2 * ldc); c21 = TL.Load(ref c, 2 * ldc + w);
            c30 = TL.Load(ref c, 3 * ldc); c31 = TL.Load(ref c, 3 * ldc + w);
            c40 = TL.Load(ref c, 4 * ldc); c41 = TL.Load(ref c, 4 * ldc + w);
            c50 = TL.Load(ref c, 5 * ldc); c51 = TL.Load(ref c, 5 * ldc + w);
            c60 = TL.Load(ref c, 6 * ldc); c61 = TL.Load(ref c, 6 * ldc + w);
            c70 = TL.Load(ref c, 7 * ldc); c71 = TL.Load(ref c, 7 * ldc + w);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = TL.Zero;
            c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = TL.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            TV b0 = TL.Load(ref b, 0), b1 = TL.Load(ref b, w);
            TV x = TL.Broadcast(a);
            c00 = TL.MultiplyAdd(x, b0, c00); c01 = TL.MultiplyAdd(x, b1, c01);
            x = TL.Broadcast(Unsafe.Add(ref a, 1));
            c10 = TL.MultiplyAdd(x, b0, c10); c11 = TL.MultiplyAdd(x, b1, c11);
            x = TL.Broadcast(Unsafe.Add(ref a, 2));
            c20 = TL.MultiplyAdd(x, b0, c20); c21 = TL.MultiplyAdd(x, b1, c21);
            x = TL.Broadcast(Unsafe.Add(ref a, 3));
            c30 = TL.MultiplyAdd(x, b0, c30); c31 = TL.MultiplyAdd(x, b1, c31);
            x = TL.Broadcast(Unsafe.Add(ref a, 4));
            c40 = TL.MultiplyAdd(x, b0, c40); c41 = TL.MultiplyAdd(x, b1, c41);
            x = TL.Broadcast(Unsafe.Add(ref a, 5));
            c50 = TL.MultiplyAdd(x, b0, c50); c51 = TL.MultiplyAdd(x, b1, c51);
            x = TL.Broadcast(Unsafe.Add(ref a, 6));
            c60 = TL.MultiplyAdd(x, b0, c60); c61 = TL.MultiplyAdd(x, b1, c61);
            x = TL.Broadcast(Unsafe.Add(ref a, 7));
            c70 = TL.MultiplyAdd(x, b0, c70); c71 = TL.MultiplyAdd(x, b1, c71);
            a = ref Unsafe.Add(ref a, Rows);
            b = ref Unsafe.Add(ref b, 2 * w);
        }

        if (finish && !tail.IsEmpty)
        {
            tail.Finish<TV, TL>(c00, ref c, 0, 0); tail.Finish<TV, TL>(c01, ref c, w, w);
            tail.Finish<TV, TL>(c10, ref c, ldc, 0); tail.Finish<TV, TL>(c11, ref c, ldc + w, w);
            tail.Finish<TV, TL>(c20, ref c, 2 * ldc, 0); tail.Finish<TV, TL>(c21, ref c, 2 * ldc + w, w);
            tail.Finish<TV, TL>(c30, ref c, 3 * ldc, 0); tail.Finish<TV, TL>(c31, ref c, 3 * ldc + w, w);
            tail.Finish<TV, TL>(c40, ref c, 4 * ldc, 0); tail.Finish<TV, TL>(c41, ref c, 4 * ldc + w, w);
            tail.Finish<TV, TL>(c50, ref c, 5 * ldc, 0); tail.Finish<TV, TL>(c51, ref c, 5 * ldc + w, w);
            tail.Finish<TV, TL>(c60, ref c, 6 * ldc, 0); tail.Finish<TV, TL>(c61, ref c, 6 * ldc + w, w);
            tail.Finish<TV, TL>(c70, ref c, 7 * ldc, 0); tail.Finish<TV, TL>(c71, ref c, 7 * ldc + w, w);
        }
        else
        {
            TL.Store(c00, ref c, 0); TL.Store(c01, ref c, w);
            TL.Store(c10, ref c, ldc); TL.Store(c11, ref c, ldc + w);
            TL.Store(c20, ref c, 2 * ldc); TL.Store(c21, ref c, 2 * ldc + w);
            TL.Store(c30, ref c, 3 * ldc); TL.Store(c31, ref c, 3 * ldc + w);
            TL.Store(c40, ref c, 4 * ldc); TL.Store(c41, ref c, 4 * ldc + w);
            TL.Store(c50, ref c, 5 * ldc); TL.Store(c51, ref c, 5 * ldc + w);
            TL.Store(c60, ref c, 6 * ldc); TL.Store(c61, ref c, 6 * ldc + w);
            TL.Store(c70, ref c, 7 * ldc); TL.Store(c71, ref c, 7 * ldc + w);
        }
    }

    /// <summary>The first 4 row(s) of a tile: the same chains as <see cref="Run"/>, for the last rows of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunFour<T, TV, TL>(ref T a, ref T b, int kc, ref T c, nuint ldc, bool accumulate, GemmEpilogue<T> tail, bool finish)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        nuint w = (nuint)TL.Count;
        TV c00, c01, c10, c11, c20, c21, c30, c31;
        if (accumulate)
        {
            c00 = TL.Load(ref c, 0); c01 = TL.Load(ref c, w);
            c10 = TL.Load(ref c, ldc); c11 = TL.Load(ref c, ldc + w);
            c20 = TL.Load(ref c, 2 * ldc); c21 = TL.Load(ref c, 2 * ldc + w);
            c30 = TL.Load(ref c, 3 * ldc); c31 = TL.Load(ref c, 3 * ldc + w);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = TL.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            TV b0 = TL.Load(ref b, 0), b1 = TL.Load(ref b, w);
            TV x = TL.Broadcast(a);
            c00 = TL.MultiplyAdd(x, b0, c00); c01 = TL.MultiplyAdd(x, b1, c01);
            x = TL.Broadcast(Unsafe.Add(ref a, 1));
            c10 = TL.MultiplyAdd(x, b0, c10); c11 = TL.MultiplyAdd(x, b1, c11);
            x = TL.Broadcast(Unsafe.Add(ref a, 2));
            c20 = TL.MultiplyAdd(x, b0, c20); c21 = TL.MultiplyAdd(x, b1, c21);
            x = TL.Broadcast(Unsafe.Add(ref a, 3));
            c30 = TL.MultiplyAdd(x, b0, c30); c31 = TL.MultiplyAdd(x, b1, c31);
            a = ref Unsafe.Add(ref a, Rows);
            b = ref Unsafe.Add(ref b, 2 * w);
        }

        if (finish && !tail.IsEmpty)
        {
            tail.Finish<TV, TL>(c00, ref c, 0, 0); tail.Finish<TV, TL>(c01, ref c, w, w);
            tail.Finish<TV, TL>(c10, ref c, ldc, 0); tail.Finish<TV, TL>(c11, ref c, ldc + w, w);
            tail.Finish<TV, TL>(c20, ref c, 2 * ldc, 0); tail.Finish<TV, TL>(c21, ref c, 2 * ldc + w, w);
            tail.Finish<TV, TL>(c30, ref c, 3 * ldc, 0); tail.Finish<TV, TL>(c31, ref c, 3 * ldc + w, w);
        }
        else
        {
            TL.Store(c00, ref c, 0); TL.Store(c01, ref c, w);
            TL.Store(c10, ref c, ldc); TL.Store(c11, ref c, ldc + w);
            TL.Store(c20, ref c, 2 * ldc); TL.Store(c21, ref c, 2 * ldc + w);
            TL.Store(c30, ref c, 3 * ldc); TL.Store(c31, ref c, 3 * ldc + w);
        }
    }

    /// <summary>The first 1 row(s) of a tile: the same chains as <see cref="Run"/>, for the last rows of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunOne<T, TV, TL>(ref T a, ref T b, int kc, ref T c, nuint ldc, bool accumulate, GemmEpilogue<T> tail, bool finish)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        nuint w = (nuint)TL.Count;
        TV c00, c01;
        if (accumulate)
        {
            c00 = TL.Load(ref c, 0); c01 = TL.Load(ref c, w);
        }
        else
        {
            c00 = c01 = TL.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            TV b0 = TL.Load(ref b, 0), b1 = TL.Load(ref b, w);
            TV x = TL.Broadcast(a);
            c00 = TL.MultiplyAdd(x, b0, c00); c01 = TL.MultiplyAdd(x, b1, c01);
            a = ref Unsafe.Add(ref a, Rows);
            b = ref Unsafe.Add(ref b, 2 * w);
        }

        if (finish && !tail.IsEmpty)
        {
            tail.Finish<TV, TL>(c00, ref c, 0, 0); tail.Finish<TV, TL>(c01, ref c, w, w);
        }
        else
        {
            TL.Store(c00, ref c, 0); TL.Store(c01, ref c, w);
        }
    }

    /// <summary>
    /// The first vector of each of the 8 rows of a tile: the same chains as <see cref="Run"/> for an edge tile whose
    /// columns fit one vector, reading the first half of each 2w-wide B-panel step (the packed layout is unchanged).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunHalf<T, TV, TL>(ref T a, ref T b, int kc, ref T c, nuint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        nuint w = (nuint)TL.Count;
        TV c0, c1, c2, c3, c4, c5, c6, c7;
        if (accumulate)
        {
            c0 = TL.Load(ref c, 0); c1 = TL.Load(ref c, ldc); c2 = TL.Load(ref c, 2 * ldc); c3 = TL.Load(ref c, 3 * ldc);
            c4 = TL.Load(ref c, 4 * ldc); c5 = TL.Load(ref c, 5 * ldc); c6 = TL.Load(ref c, 6 * ldc); c7 = TL.Load(ref c, 7 * ldc);
        }
        else
        {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = TL.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            TV b0 = TL.Load(ref b, 0);
            c0 = TL.MultiplyAdd(TL.Broadcast(a), b0, c0);
            c1 = TL.MultiplyAdd(TL.Broadcast(Unsafe.Add(ref a, 1)), b0, c1);
            c2 = TL.MultiplyAdd(TL.Broadcast(Unsafe.Add(ref a, 2)), b0, c2);
            c3 = TL.MultiplyAdd(TL.Broadcast(Unsafe.Add(ref a, 3)), b0, c3);
            c4 = TL.MultiplyAdd(TL.Broadcast(Unsafe.Add(ref a, 4)), b0, c4);
            c5 = TL.MultiplyAdd(TL.Broadcast(Unsafe.Add(ref a, 5)), b0, c5);
            c6 = TL.MultiplyAdd(TL.Broadcast(Unsafe.Add(ref a, 6)), b0, c6);
            c7 = TL.MultiplyAdd(TL.Broadcast(Unsafe.Add(ref a, 7)), b0, c7);
            a = ref Unsafe.Add(ref a, Rows);
            b = ref Unsafe.Add(ref b, 2 * w);
        }

        TL.Store(c0, ref c, 0); TL.Store(c1, ref c, ldc); TL.Store(c2, ref c, 2 * ldc); TL.Store(c3, ref c, 3 * ldc);
        TL.Store(c4, ref c, 4 * ldc); TL.Store(c5, ref c, 5 * ldc); TL.Store(c6, ref c, 6 * ldc); TL.Store(c7, ref c, 7 * ldc);
    }
}
