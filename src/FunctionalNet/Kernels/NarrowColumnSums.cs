using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// Column sums of a row-major buffer whose rows are narrower than two 512-bit registers (an output layer's bias gradient,
/// ten classes): each column's sum stays in a register lane while the rows are added in order, instead of going through
/// memory once an element. Lane j of a register loaded at a row's start is column j of that row (lanes past the row read
/// the next row and are dropped), so each column is summed from zero over the rows in order: the bits of the scalar loop.
/// </summary>
internal static class NarrowColumnSums
{
    /// <summary>dest[j] = Σ_r a[r·n + j] (n = <paramref name="dest"/>.Length), rows added in order from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> a, Span<T> dest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = dest.Length, i = 0;
        dest.Clear();
        if (n == 0) return;
        int lanes = Vector512<T>.Count;
        if (Vector512.IsHardwareAccelerated && n <= 2 * lanes)
        {
            // Registers are read from the row start, so a row is taken here while its last register stays inside a.
            int span = n <= lanes ? lanes : 2 * lanes;
            ref T at = ref MemoryMarshal.GetReference(a);
            var (low, high) = (Vector512<T>.Zero, Vector512<T>.Zero);
            for (; i + span <= a.Length; i += n)
            {
                low += Vector512.LoadUnsafe(ref at, (nuint)i);
                if (n > lanes) high += Vector512.LoadUnsafe(ref at, (nuint)(i + lanes));
            }
            Span<T> sums = stackalloc T[2 * lanes];
            low.CopyTo(sums);
            high.CopyTo(sums[lanes..]);
            sums[..n].CopyTo(dest);
        }
        for (; i + n <= a.Length; i += n)
            for (int j = 0; j < n; j++) dest[j] += a[i + j];
    }
}
