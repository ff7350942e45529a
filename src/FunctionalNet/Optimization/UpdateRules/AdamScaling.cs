using System.Numerics;
using System.Runtime.CompilerServices;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// Adam's direction (Kingma &amp; Ba 2015, as optax and PyTorch write it): m′ = β₁m + (1 − β₁)u, v′ = β₂v + (1 − β₂)u²,
/// output m̂ / (√v̂ + ε) with m̂ = m′·(1 − β₁ᵗ)⁻¹, v̂ = v′·(1 − β₂ᵗ)⁻¹ (the corrections as reciprocals, so one
/// division per element). One fused sweep over u, m and v.
/// </summary>
internal sealed class AdamScaling(double beta1, double beta2, double epsilon) : Transform
{
    public override string Name => $"scale-by-adam({F(beta1)}, {F(beta2)}, {F(epsilon)})";

    public override RuleState Init<T>(int length) => new AdamState<T>(0, [.. new T[length]], [.. new T[length]]);

    public override RuleBuffers<T> Open<T>(RuleState state)
    {
        var s = (AdamState<T>)state;
        return new() { Count = s.Count, Vectors = [RuleBuffers<T>.Copy(s.Mu), RuleBuffers<T>.Copy(s.Nu)] };
    }

    public override RuleState Close<T>(RuleBuffers<T> buffers) =>
        new AdamState<T>(buffers.Count, RuleBuffers<T>.Snapshot(buffers.Vectors[0]), RuleBuffers<T>.Snapshot(buffers.Vectors[1]));

    public override void Step<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, ReadOnlySpan<T> theta) =>
        Sweep(u, ref scale, buffers, [], default);

    /// <summary>The same sweep, adding <paramref name="step"/> × direction to θ instead of writing the direction into u.</summary>
    public void StepInto<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, Span<T> theta, T step) where T : unmanaged, IFloatingPointIeee754<T> =>
        Sweep(u, ref scale, buffers, theta, step);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Sweep<T>(Span<T> u, ref T scale, RuleBuffers<T> buffers, Span<T> theta, T step) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Materialize(u, ref scale);
        bool into = !theta.IsEmpty;
        int t = ++buffers.Count;
        Span<T> m = buffers.Vectors[0], v = buffers.Vectors[1];
        T b1 = T.CreateTruncating(beta1), b2 = T.CreateTruncating(beta2), eps = T.CreateTruncating(epsilon);
        T a1 = T.One - b1, a2 = T.One - b2;
        T c1 = T.One / T.CreateTruncating(1 - Math.Pow(beta1, t)), c2 = T.One / T.CreateTruncating(1 - Math.Pow(beta2, t));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (vb1, vb2, va1, va2) = (new Vector<T>(b1), new Vector<T>(b2), new Vector<T>(a1), new Vector<T>(a2));
            var (vc1, vc2, ve, vs) = (new Vector<T>(c1), new Vector<T>(c2), new Vector<T>(eps), new Vector<T>(step));
            for (; i + Vector<T>.Count <= u.Length; i += Vector<T>.Count)
            {
                var g = new Vector<T>(u[i..]);
                var mi = vb1 * new Vector<T>(m[i..]) + va1 * g;
                var vi = vb2 * new Vector<T>(v[i..]) + va2 * g * g;
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                var d = mi * vc1 / (Vector.SquareRoot(vi * vc2) + ve);
                if (into) (new Vector<T>(theta[i..]) + d * vs).CopyTo(theta[i..]);
                else d.CopyTo(u[i..]);
            }
        }
        // The tail repeats the vector body's operations in the same order, so every element gets the same bits.
        for (; i < u.Length; i++)
        {
            T g = u[i];
            T mi = b1 * m[i] + a1 * g;
            T vi = b2 * v[i] + a2 * g * g;
            m[i] = mi;
            v[i] = vi;
            T direction = mi * c1 / (T.Sqrt(vi * c2) + eps);
            if (into) theta[i] += direction * step;
            else u[i] = direction;
        }
    }
}
