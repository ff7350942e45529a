using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// z[r] += bias, then a[r] = max(z[r], 0), in one sweep over each row instead of a bias pass and an activation pass
/// over the whole [rows × units] buffer (a hidden layer of 1,347 × 100 doubles is a megabyte: two sweeps of it cost
/// more than the arithmetic). The sum rounds exactly as in any other order, and the maximum is IEEE's (NaN stays NaN,
/// −0 becomes +0), so the bits are those of the bias add followed by <see cref="System.Numerics.Tensors.TensorPrimitives.Max{T}(System.ReadOnlySpan{T}, T, System.Span{T})"/>.
/// </summary>
internal static class BiasRelu
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(Span<T> z, ReadOnlySpan<T> bias, Span<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = bias.Length, lanes = Vector<T>.Count;
        for (int r = 0; r + n <= z.Length; r += n)
        {
            var zr = z.Slice(r, n);
            var ar = a.Slice(r, n);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j + Vector512<T>.Count <= n; j += Vector512<T>.Count)
                {
                    var v = Vector512.Create<T>(zr[j..]) + Vector512.Create<T>(bias[j..]);
                    v.CopyTo(zr[j..]);
                    // v ≤ 0 is false for NaN, which is kept; −0 ≤ 0 is true, so −0 becomes +0.
                    Vector512.ConditionalSelect(Vector512.LessThanOrEqual(v, Vector512<T>.Zero), Vector512<T>.Zero, v).CopyTo(ar[j..]);
                }
            }
            if (Vector.IsHardwareAccelerated)
            {
                for (; j + lanes <= n; j += lanes)
                {
                    var v = new Vector<T>(zr[j..]) + new Vector<T>(bias[j..]);
                    v.CopyTo(zr[j..]);
                    Vector.ConditionalSelect(Vector.LessThanOrEqual(v, Vector<T>.Zero), Vector<T>.Zero, v).CopyTo(ar[j..]);
                }
            }
            for (; j < n; j++)
            {
                T v = zr[j] + bias[j];
                zr[j] = v;
                ar[j] = v <= T.Zero ? T.Zero : v;
            }
        }
    }
}
