using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FunctionalNet.Model;

namespace FunctionalNet.Kernels;

/// <summary>
/// The weight- and bias-gradient terms of one layer for a block of <see cref="NarrowBlock{T}"/>: ∂J/∂W[j, i] += Σ_rows δ[j]·a[i],
/// ∂J/∂b[j] += Σ_rows δ[j], into one register of partial sums per parameter (lane l sums rows l, l + W, … in row order, from the
/// value the accumulator holds). A tile of two rows of W by up to eight inputs keeps its accumulators in registers across the
/// block's rows, so a register of δ or of a is loaded once for every product it takes part in (one load per FMA and a half,
/// instead of two, when the kernel was load-bound); each accumulator still takes the same FMAs in the same order.
/// </summary>
internal static class NarrowAccumulate<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int B = NarrowNetwork.BlockRows;

    /// <summary>
    /// Adds the layer's terms for the block's deltas <paramref name="dz"/> ([outputs × rows]) and inputs
    /// <paramref name="input"/> ([inputs × rows]) to <paramref name="accumulators"/> (a register per parameter, laid out like θ).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Layer<TV, TL>(LayerSlot s, T[] dz, ReadOnlySpan<T> input, T[] accumulators)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        int w = TL.Count;
        // Eight inputs by two rows is 16 accumulators: with AVX-512's 32 registers they stay registers; 16 registers take four.
        int most = Vector512.IsHardwareAccelerated ? 8 : 4;
        ref T d = ref MemoryMarshal.GetArrayDataReference(dz);
        ref T a = ref MemoryMarshal.GetReference(input);
        ref T g = ref MemoryMarshal.GetArrayDataReference(accumulators);
        nuint stride = (nuint)(s.Inputs * w);
        for (int j = 0; j < s.Outputs; j += 2)
        {
            for (int i = 0; i < s.Inputs; i += most)
            {
                int n = Math.Min(most, s.Inputs - i);
                ref T dj = ref Unsafe.Add(ref d, j * B);
                ref T ai = ref Unsafe.Add(ref a, i * B);
                ref T gW = ref Unsafe.Add(ref g, (s.WeightOffset + j * s.Inputs + i) * w);
                ref T gb = ref Unsafe.Add(ref g, (s.BiasOffset + j) * w);
                if (j + 1 < s.Outputs) Pick<TV, TL, Width2>(n, ref dj, ref ai, ref gW, stride, ref gb, i == 0);
                else Pick<TV, TL, Width1>(n, ref dj, ref ai, ref gW, stride, ref gb, i == 0);
            }
        }
    }

    private static void Pick<TV, TL, TJ>(int n, ref T d, ref T a, ref T gW, nuint stride, ref T gb, bool bias)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
        where TJ : struct, ITileWidth
    {
        switch (n)
        {
            case 1: Tile<TV, TL, TJ, Width1>(ref d, ref a, ref gW, stride, ref gb, bias); break;
            case 2: Tile<TV, TL, TJ, Width2>(ref d, ref a, ref gW, stride, ref gb, bias); break;
            case 3: Tile<TV, TL, TJ, Width3>(ref d, ref a, ref gW, stride, ref gb, bias); break;
            case 4: Tile<TV, TL, TJ, Width4>(ref d, ref a, ref gW, stride, ref gb, bias); break;
            case 5: Tile<TV, TL, TJ, Width5>(ref d, ref a, ref gW, stride, ref gb, bias); break;
            case 6: Tile<TV, TL, TJ, Width6>(ref d, ref a, ref gW, stride, ref gb, bias); break;
            case 7: Tile<TV, TL, TJ, Width7>(ref d, ref a, ref gW, stride, ref gb, bias); break;
            case 8: Tile<TV, TL, TJ, Width8>(ref d, ref a, ref gW, stride, ref gb, bias); break;
        }
    }

    // Rows j (and j + 1 when TJ is 2) of W by TI inputs from a; the biases of those rows too when bias.
    private static void Tile<TV, TL, TJ, TI>(ref T d, ref T a, ref T gW, nuint stride, ref T gb, bool bias)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
        where TJ : struct, ITileWidth
        where TI : struct, ITileWidth
    {
        nuint w = (nuint)TL.Count;
        bool two = TJ.Value == 2;
        int n = TI.Value;
        TV g00 = TL.Load(ref gW, 0), g10 = two ? TL.Load(ref gW, stride + 0) : default;
        TV g01 = n > 1 ? TL.Load(ref gW, w) : default, g11 = two && n > 1 ? TL.Load(ref gW, stride + w) : default;
        TV g02 = n > 2 ? TL.Load(ref gW, 2 * w) : default, g12 = two && n > 2 ? TL.Load(ref gW, stride + 2 * w) : default;
        TV g03 = n > 3 ? TL.Load(ref gW, 3 * w) : default, g13 = two && n > 3 ? TL.Load(ref gW, stride + 3 * w) : default;
        TV g04 = n > 4 ? TL.Load(ref gW, 4 * w) : default, g14 = two && n > 4 ? TL.Load(ref gW, stride + 4 * w) : default;
        TV g05 = n > 5 ? TL.Load(ref gW, 5 * w) : default, g15 = two && n > 5 ? TL.Load(ref gW, stride + 5 * w) : default;
        TV g06 = n > 6 ? TL.Load(ref gW, 6 * w) : default, g16 = two && n > 6 ? TL.Load(ref gW, stride + 6 * w) : default;
        TV g07 = n > 7 ? TL.Load(ref gW, 7 * w) : default, g17 = two && n > 7 ? TL.Load(ref gW, stride + 7 * w) : default;
        TV b0 = bias ? TL.Load(ref gb, 0) : default, b1 = bias && two ? TL.Load(ref gb, w) : default;
        for (nuint c = 0; c < B; c += w)
        {
            TV d0 = TL.Load(ref d, c);
            TV d1 = two ? TL.Load(ref d, B + c) : default;
            if (bias)
            {
                b0 = TL.Add(b0, d0);
                if (two) b1 = TL.Add(b1, d1);
            }
            TV x = TL.Load(ref a, c);
            g00 = TL.MultiplyAdd(d0, x, g00);
            if (two) g10 = TL.MultiplyAdd(d1, x, g10);
            if (n > 1)
            {
                x = TL.Load(ref a, 1 * B + c);
                g01 = TL.MultiplyAdd(d0, x, g01);
                if (two) g11 = TL.MultiplyAdd(d1, x, g11);
            }
            if (n > 2)
            {
                x = TL.Load(ref a, 2 * B + c);
                g02 = TL.MultiplyAdd(d0, x, g02);
                if (two) g12 = TL.MultiplyAdd(d1, x, g12);
            }
            if (n > 3)
            {
                x = TL.Load(ref a, 3 * B + c);
                g03 = TL.MultiplyAdd(d0, x, g03);
                if (two) g13 = TL.MultiplyAdd(d1, x, g13);
            }
            if (n > 4)
            {
                x = TL.Load(ref a, 4 * B + c);
                g04 = TL.MultiplyAdd(d0, x, g04);
                if (two) g14 = TL.MultiplyAdd(d1, x, g14);
            }
            if (n > 5)
            {
                x = TL.Load(ref a, 5 * B + c);
                g05 = TL.MultiplyAdd(d0, x, g05);
                if (two) g15 = TL.MultiplyAdd(d1, x, g15);
            }
            if (n > 6)
            {
                x = TL.Load(ref a, 6 * B + c);
                g06 = TL.MultiplyAdd(d0, x, g06);
                if (two) g16 = TL.MultiplyAdd(d1, x, g16);
            }
            if (n > 7)
            {
                x = TL.Load(ref a, 7 * B + c);
                g07 = TL.MultiplyAdd(d0, x, g07);
                if (two) g17 = TL.MultiplyAdd(d1, x, g17);
            }
        }
        if (bias)
        {
            TL.Store(b0, ref gb, 0);
            if (two) TL.Store(b1, ref gb, w);
        }
        TL.Store(g00, ref gW, 0);
        if (two) TL.Store(g10, ref gW, stride + 0);
        if (n > 1) TL.Store(g01, ref gW, w);
        if (two && n > 1) TL.Store(g11, ref gW, stride + w);
        if (n > 2) TL.Store(g02, ref gW, 2 * w);
        if (two && n > 2) TL.Store(g12, ref gW, stride + 2 * w);
        if (n > 3) TL.Store(g03, ref gW, 3 * w);
        if (two && n > 3) TL.Store(g13, ref gW, stride + 3 * w);
        if (n > 4) TL.Store(g04, ref gW, 4 * w);
        if (two && n > 4) TL.Store(g14, ref gW, stride + 4 * w);
        if (n > 5) TL.Store(g05, ref gW, 5 * w);
        if (two && n > 5) TL.Store(g15, ref gW, stride + 5 * w);
        if (n > 6) TL.Store(g06, ref gW, 6 * w);
        if (two && n > 6) TL.Store(g16, ref gW, stride + 6 * w);
        if (n > 7) TL.Store(g07, ref gW, 7 * w);
        if (two && n > 7) TL.Store(g17, ref gW, stride + 7 * w);
    }
}
