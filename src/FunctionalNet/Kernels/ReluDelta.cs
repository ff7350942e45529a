using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// A ReLU layer's δ = (a &gt; 0 ? 1 : 0) · (δ·W) and its bias gradient Σ_r δ[r] in one sweep over the rows, instead of the
/// activation's backward pass and then <see cref="Gemm.SumRows{T}"/> reading the [rows × units] buffer back (a hidden
/// layer of 1,347 × 100 doubles is a megabyte, which falls out of L2 between two sweeps). Each δ is the mask times the
/// product, as <see cref="FusedKernels.Backward{T}"/> forms it (−0 and NaN kept), and each column's sum starts at +0 and
/// adds the rows in order, as <see cref="Gemm.SumRows{T}"/> does: the same bits as the two passes.
/// </summary>
internal static class ReluDelta
{
    /// <summary>
    /// dz = (a &gt; 0 ? 1 : 0) ⊙ <paramref name="product"/> over [rows × <paramref name="sums"/>.Length] buffers, and
    /// <paramref name="sums"/>[j] = Σ_r dz[r, j]; <paramref name="dz"/> may be <paramref name="product"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> product, Span<T> dz, Span<T> sums) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = sums.Length;
        sums.Clear();
        for (int r = 0; r + n <= dz.Length; r += n)
        {
            var ar = a.Slice(r, n);
            var pr = product.Slice(r, n);
            var dr = dz.Slice(r, n);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j + Vector512<T>.Count <= n; j += Vector512<T>.Count)
                {
                    var mask = Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.Create<T>(ar[j..]), Vector512<T>.Zero), Vector512<T>.One, Vector512<T>.Zero);
                    var d = mask * Vector512.Create<T>(pr[j..]);
                    d.CopyTo(dr[j..]);
                    (Vector512.Create<T>(sums[j..]) + d).CopyTo(sums[j..]);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + Vector256<T>.Count <= n; j += Vector256<T>.Count)
                {
                    var mask = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Create<T>(ar[j..]), Vector256<T>.Zero), Vector256<T>.One, Vector256<T>.Zero);
                    var d = mask * Vector256.Create<T>(pr[j..]);
                    d.CopyTo(dr[j..]);
                    (Vector256.Create<T>(sums[j..]) + d).CopyTo(sums[j..]);
                }
            }
            for (; j < n; j++)
            {
                T d = (ar[j] > T.Zero ? T.One : T.Zero) * pr[j];
                dr[j] = d;
                sums[j] += d;
            }
        }
    }
}
