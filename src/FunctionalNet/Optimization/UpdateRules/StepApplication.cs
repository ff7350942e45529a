using System.Numerics;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// θ ← θ + s·u, the one way a step reaches the parameters (pure <see cref="UpdateRule.Apply{T}"/>, the engine, the fused
/// Adam sweep): the product rounded, then the sum, never a fused multiply-add, so every path gives the same bits.
/// </summary>
internal static class StepApplication
{
    public static void AddScaled<T>(Span<T> theta, ReadOnlySpan<T> u, T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (u.Length != theta.Length) throw new ArgumentException($"the step has {u.Length} entries, the parameters {theta.Length}", nameof(u));
        int i = 0;
        // The widest vectors the machine has (Vector<T> stays 256 bits on AVX-512); every width rounds alike.
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(scale);
            for (; i + Vector512<T>.Count <= theta.Length; i += Vector512<T>.Count)
                (Vector512.Create<T>(theta[i..]) + Vector512.Create<T>(u[i..]) * s).CopyTo(theta[i..]);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; i + Vector256<T>.Count <= theta.Length; i += Vector256<T>.Count)
                (Vector256.Create<T>(theta[i..]) + Vector256.Create<T>(u[i..]) * s).CopyTo(theta[i..]);
        }
        for (; i < theta.Length; i++) theta[i] += u[i] * scale;
    }
}
