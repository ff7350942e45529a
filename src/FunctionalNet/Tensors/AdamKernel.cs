using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Tensors;

/// <summary>
/// The Adam update (Kingma and Ba, 2015) fused into one sweep over θ, g, m and v, in place: the optimizer step of
/// a training loop touches each parameter once instead of once per elementwise operation.
/// </summary>
internal static class AdamKernel
{
    /// <summary>
    /// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − α_t · m / (√v + ε), with the bias corrections folded into
    /// α_t = α·√(1−β₂ᵗ)/(1−β₁ᵗ) by the caller (the form scikit-learn and the original paper use).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Step<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> m, Span<T> v, T stepSize, T beta1, T beta2, T epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.Length != theta.Length || m.Length != theta.Length || v.Length != theta.Length)
            throw new ArgumentException($"Adam buffers have lengths {theta.Length}, {g.Length}, {m.Length}, {v.Length}; expected all equal");
        T c1 = T.One - beta1, c2 = T.One - beta2;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vb1 = new Vector<T>(beta1);
            var vb2 = new Vector<T>(beta2);
            var vc1 = new Vector<T>(c1);
            var vc2 = new Vector<T>(c2);
            var vs = new Vector<T>(stepSize);
            var ve = new Vector<T>(epsilon);
            for (; i + Vector<T>.Count <= theta.Length; i += Vector<T>.Count)
            {
                var gi = new Vector<T>(g[i..]);
                var mi = vb1 * new Vector<T>(m[i..]) + vc1 * gi;
                var vi = vb2 * new Vector<T>(v[i..]) + vc2 * gi * gi;
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                (new Vector<T>(theta[i..]) - vs * mi / (Vector.SquareRoot(vi) + ve)).CopyTo(theta[i..]);
            }
        }
        for (; i < theta.Length; i++)
        {
            T gi = g[i];
            T mi = beta1 * m[i] + c1 * gi;
            T vi = beta2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            theta[i] -= stepSize * mi / (T.Sqrt(vi) + epsilon);
        }
    }
}
