using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// Which entries of a target row are not zero, as a bit mask read with one vector comparison per register: a loss whose
/// zero targets add nothing (cross-entropy's y·(lse − z)) visits a one-hot row's one entry instead of testing each entry
/// with a branch that mispredicts once a row. NaN counts as not zero, as it does in <c>y != 0</c>.
/// </summary>
internal static class NonZeroTargets
{
    /// <summary>
    /// Bit k of <paramref name="mask"/> set when y[<paramref name="at"/> + k] ≠ 0, for k below <paramref name="width"/>; false
    /// (and no mask) when the row is wider than 64, vectors are not accelerated, or the last register would read past
    /// <paramref name="y"/> (the batch's last rows): the caller then tests the entries one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryMask<T>(ReadOnlySpan<T> y, int at, int width, out ulong mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        mask = 0;
        if (width > 64) return false;
        ref T row = ref Unsafe.Add(ref MemoryMarshal.GetReference(y), at);
        if (Vector512.IsHardwareAccelerated)
        {
            int lanes = Vector512<T>.Count;
            if (at + (width + lanes - 1) / lanes * lanes > y.Length) return false;
            for (int c = 0; c < width; c += lanes)
                mask |= (~Vector512.Equals(Vector512.LoadUnsafe(ref row, (nuint)c), Vector512<T>.Zero)).ExtractMostSignificantBits() << c;
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            int lanes = Vector256<T>.Count;
            if (at + (width + lanes - 1) / lanes * lanes > y.Length) return false;
            for (int c = 0; c < width; c += lanes)
                mask |= (ulong)(~Vector256.Equals(Vector256.LoadUnsafe(ref row, (nuint)c), Vector256<T>.Zero)).ExtractMostSignificantBits() << c;
        }
        else return false;
        if (width < 64) mask &= (1UL << width) - 1;
        return true;
    }
}
