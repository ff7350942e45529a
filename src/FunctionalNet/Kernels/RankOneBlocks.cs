using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// The register blocks of <see cref="RankOneUpdate.ApplyThenMultiply{T}"/>: the matrix's whole vectors of columns in
/// blocks of up to eight vectors, each block's slice of v and of the product z held in registers while every row goes
/// by. The row loop of <see cref="RankOneUpdate"/> loaded and stored z once per row, so each column's chain waited on a
/// store-to-load forward per row; here the chain stays in a register. Each element takes the same operations in the same
/// order (g = fma(u_r, v, 0), the L2 term, the unfused step, then z = fma(x_r, stepped, z) over the rows in order from zero),
/// so the bits are the row loop's.
/// </summary>
internal static class RankOneBlocks
{
    /// <summary>
    /// Steps and multiplies the whole vectors of columns of the [rows × cols] matrix at <paramref name="w0"/> (rows
    /// <paramref name="stride"/> apart), <paramref name="most"/> vectors a block at most; returns the columns done.
    /// </summary>
    public static int Run<T, TV, TL, TMode>(ref T w0, int rows, int cols, int stride, ReadOnlySpan<T> u, ref T v0, RankOneUpdate.Coefficients<T> c,
        ReadOnlySpan<T> next, ref T z0, int most)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
        where TMode : struct, RankOneUpdate.IMode
    {
        int w = TL.Count, done = 0;
        ref T u0 = ref MemoryMarshal.GetReference(u);
        ref T x0 = ref MemoryMarshal.GetReference(next);
        while (cols - done >= w)
        {
            int count = Math.Min(most, (cols - done) / w);
            switch (count)
            {
                case 1: Block<T, TV, TL, TMode, Width1>(ref w0, rows, stride, ref u0, ref v0, c, ref x0, ref z0, done); break;
                case 2: Block<T, TV, TL, TMode, Width2>(ref w0, rows, stride, ref u0, ref v0, c, ref x0, ref z0, done); break;
                case 3: Block<T, TV, TL, TMode, Width3>(ref w0, rows, stride, ref u0, ref v0, c, ref x0, ref z0, done); break;
                case 4: Block<T, TV, TL, TMode, Width4>(ref w0, rows, stride, ref u0, ref v0, c, ref x0, ref z0, done); break;
                case 5: Block<T, TV, TL, TMode, Width5>(ref w0, rows, stride, ref u0, ref v0, c, ref x0, ref z0, done); break;
                case 6: Block<T, TV, TL, TMode, Width6>(ref w0, rows, stride, ref u0, ref v0, c, ref x0, ref z0, done); break;
                case 7: Block<T, TV, TL, TMode, Width7>(ref w0, rows, stride, ref u0, ref v0, c, ref x0, ref z0, done); break;
                case 8: Block<T, TV, TL, TMode, Width8>(ref w0, rows, stride, ref u0, ref v0, c, ref x0, ref z0, done); break;
            }
            done += count * w;
        }
        return done;
    }

    // Columns start .. start + TN·W of every row: z for them from zero, in registers until the last row.
    private static void Block<T, TV, TL, TMode, TN>(ref T w0, int rows, int stride, ref T u0, ref T vBase, RankOneUpdate.Coefficients<T> c, ref T x0,
        ref T zBase, int start)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
        where TMode : struct, RankOneUpdate.IMode
        where TN : struct, ITileWidth
    {
        nuint n = (nuint)TL.Count;
        int count = TN.Value;
        bool multiplied = c.Multiplier is not null;
        TV decay = TL.Broadcast(c.Decay), scale = TL.Broadcast(c.Scale), mv = TL.Broadcast(c.Multiplier ?? T.One);
        ref T v = ref Unsafe.Add(ref vBase, start);
        ref T z = ref Unsafe.Add(ref zBase, start);
        TV vs0 = TL.Load(ref v, 0);
        TV vs1 = count > 1 ? TL.Load(ref v, n) : default;
        TV vs2 = count > 2 ? TL.Load(ref v, 2 * n) : default;
        TV vs3 = count > 3 ? TL.Load(ref v, 3 * n) : default;
        TV vs4 = count > 4 ? TL.Load(ref v, 4 * n) : default;
        TV vs5 = count > 5 ? TL.Load(ref v, 5 * n) : default;
        TV vs6 = count > 6 ? TL.Load(ref v, 6 * n) : default;
        TV vs7 = count > 7 ? TL.Load(ref v, 7 * n) : default;
        TV zs0 = TL.Zero, zs1 = TL.Zero, zs2 = TL.Zero, zs3 = TL.Zero, zs4 = TL.Zero, zs5 = TL.Zero, zs6 = TL.Zero, zs7 = TL.Zero;
        for (int r = 0; r < rows; r++)
        {
            ref T row = ref Unsafe.Add(ref w0, r * stride + start);
            TV dv = TL.Broadcast(Unsafe.Add(ref u0, r)), xv = TL.Broadcast(Unsafe.Add(ref x0, r));
            zs0 = Element<T, TV, TL, TMode>(ref row, 0, dv, vs0, xv, zs0, decay, scale, mv, multiplied);
            if (count > 1) zs1 = Element<T, TV, TL, TMode>(ref row, n, dv, vs1, xv, zs1, decay, scale, mv, multiplied);
            if (count > 2) zs2 = Element<T, TV, TL, TMode>(ref row, 2 * n, dv, vs2, xv, zs2, decay, scale, mv, multiplied);
            if (count > 3) zs3 = Element<T, TV, TL, TMode>(ref row, 3 * n, dv, vs3, xv, zs3, decay, scale, mv, multiplied);
            if (count > 4) zs4 = Element<T, TV, TL, TMode>(ref row, 4 * n, dv, vs4, xv, zs4, decay, scale, mv, multiplied);
            if (count > 5) zs5 = Element<T, TV, TL, TMode>(ref row, 5 * n, dv, vs5, xv, zs5, decay, scale, mv, multiplied);
            if (count > 6) zs6 = Element<T, TV, TL, TMode>(ref row, 6 * n, dv, vs6, xv, zs6, decay, scale, mv, multiplied);
            if (count > 7) zs7 = Element<T, TV, TL, TMode>(ref row, 7 * n, dv, vs7, xv, zs7, decay, scale, mv, multiplied);
        }
        TL.Store(zs0, ref z, 0);
        if (count > 1) TL.Store(zs1, ref z, n);
        if (count > 2) TL.Store(zs2, ref z, 2 * n);
        if (count > 3) TL.Store(zs3, ref z, 3 * n);
        if (count > 4) TL.Store(zs4, ref z, 4 * n);
        if (count > 5) TL.Store(zs5, ref z, 5 * n);
        if (count > 6) TL.Store(zs6, ref z, 6 * n);
        if (count > 7) TL.Store(zs7, ref z, 7 * n);
    }

    // One vector of a row: stepped as RankOneUpdate steps it, stored, and multiplied into z.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Element<T, TV, TL, TMode>(ref T row, nuint at, TV dv, TV v, TV xv, TV z, TV decay, TV scale, TV mv, bool multiplied)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
        where TMode : struct, RankOneUpdate.IMode
    {
        TV x = TL.Load(ref row, at);
        TV g = TL.MultiplyAdd(dv, v, TL.Zero);
        if (TMode.Decays) g = TL.Add(TL.Multiply(x, decay), g);
        TV stepped = multiplied ? TL.Add(x, TL.Multiply(TL.Multiply(g, scale), mv)) : TL.Add(x, TL.Multiply(g, scale));
        TL.Store(stepped, ref row, at);
        return TL.MultiplyAdd(xv, stepped, z);
    }
}
