using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FunctionalNet.Kernels;

/// <summary>
/// Packing's transposing copy by 8 × 8 (float) or 4 × 4 (double) register transposes: eight source rows of
/// contiguous values become, for each p, eight adjacent values <c>dst[p·dstStride + r] = src[r·srcStride + p]</c>.
/// Row-major A panels (every forward product X·Wᵀ, and δ·W) and transposed B panels (Wᵀ) are this copy; element by
/// element it took eight loads and eight stores per p, about a tenth of a 1024³ product and half of a 1347 × 64 × 25
/// one. A copy, so the packed values and every product's bits are unchanged.
/// </summary>
internal static unsafe class GemmTransposePack
{
    /// <summary>Whether <see cref="Rows8"/> can run here (AVX: the 256-bit unpacks and lane permutes).</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>dst[p·dstStride + r] = src[r·srcStride + p] for r &lt; 8, p &lt; kc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows8<T>(T* src, nint srcStride, int kc, T* dst, nint dstStride) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int p = 0;
        if (typeof(T) == typeof(float))
            for (; p + 8 <= kc; p += 8) Float8((float*)(src + p), srcStride, (float*)(dst + p * dstStride), dstStride);
        else if (typeof(T) == typeof(double))
            for (; p + 4 <= kc; p += 4)
            {
                Double4((double*)(src + p), srcStride, (double*)(dst + p * dstStride), dstStride);
                Double4((double*)(src + p + 4 * srcStride), srcStride, (double*)(dst + p * dstStride + 4), dstStride);
            }
        for (; p < kc; p++)
        {
            T* d = dst + p * dstStride;
            for (int r = 0; r < 8; r++) d[r] = src[r * srcStride + p];
        }
    }

    // The classic AVX 8 × 8 transpose: pairs of rows interleaved, then quads, then the 128-bit halves exchanged.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Float8(float* s, nint ss, float* d, nint ds)
    {
        var r0 = Avx.LoadVector256(s); var r1 = Avx.LoadVector256(s + ss);
        var r2 = Avx.LoadVector256(s + 2 * ss); var r3 = Avx.LoadVector256(s + 3 * ss);
        var r4 = Avx.LoadVector256(s + 4 * ss); var r5 = Avx.LoadVector256(s + 5 * ss);
        var r6 = Avx.LoadVector256(s + 6 * ss); var r7 = Avx.LoadVector256(s + 7 * ss);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var q0 = Avx.Shuffle(t0, t2, 0x44); var q1 = Avx.Shuffle(t0, t2, 0xEE);
        var q2 = Avx.Shuffle(t1, t3, 0x44); var q3 = Avx.Shuffle(t1, t3, 0xEE);
        var q4 = Avx.Shuffle(t4, t6, 0x44); var q5 = Avx.Shuffle(t4, t6, 0xEE);
        var q6 = Avx.Shuffle(t5, t7, 0x44); var q7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(q0, q4, 0x20));
        Avx.Store(d + ds, Avx.Permute2x128(q1, q5, 0x20));
        Avx.Store(d + 2 * ds, Avx.Permute2x128(q2, q6, 0x20));
        Avx.Store(d + 3 * ds, Avx.Permute2x128(q3, q7, 0x20));
        Avx.Store(d + 4 * ds, Avx.Permute2x128(q0, q4, 0x31));
        Avx.Store(d + 5 * ds, Avx.Permute2x128(q1, q5, 0x31));
        Avx.Store(d + 6 * ds, Avx.Permute2x128(q2, q6, 0x31));
        Avx.Store(d + 7 * ds, Avx.Permute2x128(q3, q7, 0x31));
    }

    // 4 × 4 doubles: rows interleaved in pairs, then the 128-bit halves exchanged.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Double4(double* s, nint ss, double* d, nint ds)
    {
        var r0 = Avx.LoadVector256(s); var r1 = Avx.LoadVector256(s + ss);
        var r2 = Avx.LoadVector256(s + 2 * ss); var r3 = Avx.LoadVector256(s + 3 * ss);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(d, Avx.Permute2x128(t0, t2, 0x20));
        Avx.Store(d + ds, Avx.Permute2x128(t1, t3, 0x20));
        Avx.Store(d + 2 * ds, Avx.Permute2x128(t0, t2, 0x31));
        Avx.Store(d + 3 * ds, Avx.Permute2x128(t1, t3, 0x31));
    }
}
