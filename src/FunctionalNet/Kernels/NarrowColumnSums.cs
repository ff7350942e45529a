using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// Column sums of a row-major buffer whose rows fit in four 512-bit registers (an output layer's bias gradient, ten
/// classes; a hidden layer's, 25 units): each column's sum stays in a register lane while the rows are added in order,
/// instead of going through memory once an element. Lane j of the registers loaded at a row's start is column j of that
/// row (lanes past the row read the next row and are dropped), so each column is summed from zero over the rows in order:
/// the bits of the scalar loop.
/// </summary>
internal static class NarrowColumnSums
{
    private const int Registers = 4;

    /// <summary>True when rows of <paramref name="width"/> elements fit the registers (wider rows take the scalar loop).</summary>
    public static bool Fits<T>(int width) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector512.IsHardwareAccelerated && width <= Registers * Vector512<T>.Count;

    /// <summary>dest[j] = Σ_r a[r·n + j] (n = <paramref name="dest"/>.Length), rows added in order from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> a, Span<T> dest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = dest.Length, i = 0;
        dest.Clear();
        if (n == 0) return;
        int lanes = Vector512<T>.Count;
        if (Fits<T>(n))
        {
            // Registers are read from the row start, so a row is taken here while its last register stays inside a.
            int registers = (n + lanes - 1) / lanes, span = registers * lanes;
            ref T at = ref MemoryMarshal.GetReference(a);
            var (s0, s1, s2, s3) = (Vector512<T>.Zero, Vector512<T>.Zero, Vector512<T>.Zero, Vector512<T>.Zero);
            for (; i + span <= a.Length; i += n)
            {
                s0 += Vector512.LoadUnsafe(ref at, (nuint)i);
                if (registers < 2) continue;
                s1 += Vector512.LoadUnsafe(ref at, (nuint)(i + lanes));
                if (registers < 3) continue;
                s2 += Vector512.LoadUnsafe(ref at, (nuint)(i + 2 * lanes));
                if (registers < 4) continue;
                s3 += Vector512.LoadUnsafe(ref at, (nuint)(i + 3 * lanes));
            }
            Span<T> sums = stackalloc T[Registers * lanes];
            s0.CopyTo(sums);
            s1.CopyTo(sums[lanes..]);
            s2.CopyTo(sums[(2 * lanes)..]);
            s3.CopyTo(sums[(3 * lanes)..]);
            sums[..n].CopyTo(dest);
        }
        for (; i + n <= a.Length; i += n)
            for (int j = 0; j < n; j++) dest[j] += a[i + j];
    }
}
