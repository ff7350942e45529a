using System.Numerics;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The naive triple loop every GEMM path must reproduce bit for bit: C[i, j] is one fused multiply-add chain over
/// p in increasing order, from zero. Element accessors make the three storage layouts explicit.
/// </summary>
internal static class GemmReference
{
    public static T[] Product<T>(Func<int, int, T> a, Func<int, int, T> b, int m, int k, int n)
        where T : IFloatingPointIeee754<T>
    {
        var c = new T[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s = T.FusedMultiplyAdd(a(i, p), b(p, j), s);
                c[i * n + j] = s;
            }
        return c;
    }

    /// <summary>Σ_p a·b in double with plain (unfused) arithmetic: an independent check of the chain's value.</summary>
    public static double[] Plain<T>(Func<int, int, T> a, Func<int, int, T> b, int m, int k, int n)
        where T : IFloatingPointIeee754<T>
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += double.CreateTruncating(a(i, p)) * double.CreateTruncating(b(p, j));
                c[i * n + j] = s;
            }
        return c;
    }

    /// <summary>Uniform operands in [−1, 1) of the given lengths, from <paramref name="seed"/>.</summary>
    public static (T[] A, T[] B) Operands<T>(int lengthA, int lengthB, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (left, right) = Rng.Create((ulong)seed).Split();
        var a = new T[lengthA];
        var b = new T[lengthB];
        left.FillUniform<T>(a, -1, 1);
        right.FillUniform<T>(b, -1, 1);
        return (a, b);
    }

    /// <summary>
    /// The three products of <see cref="Gemm"/> over the same arrays: A·Bᵀ (A [m×k], B [n×k]), A·B (B [k×n]) and
    /// Aᵀ·B (A [k×m]) at <paramref name="parallelism"/>; with <paramref name="parallelism"/> null, the triple loop's instead.
    /// </summary>
    public static (T[] Forward, T[] Backward, T[] Gradient) AllThree<T>(T[] a, T[] b, int m, int k, int n, Parallelism? parallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parallelism is not { } p)
            return (Product<T>((i, q) => a[i * k + q], (q, j) => b[j * k + q], m, k, n),
                Product<T>((i, q) => a[i * k + q], (q, j) => b[q * n + j], m, k, n),
                Product<T>((i, q) => a[q * m + i], (q, j) => b[q * n + j], m, k, n));
        var (forward, backward, gradient) = (new T[m * n], new T[m * n], new T[m * n]);
        Gemm.MultiplyTransposedB<T>(a.AsSpan(0, m * k), b.AsSpan(0, n * k), forward, m, k, n, p);
        Gemm.Multiply<T>(a.AsSpan(0, m * k), b.AsSpan(0, k * n), backward, m, k, n, p);
        Gemm.MultiplyTransposedA<T>(a.AsSpan(0, k * m), b.AsSpan(0, k * n), gradient, m, k, n, p);
        return (forward, backward, gradient);
    }

    /// <summary>True when two results of <see cref="AllThree{T}"/> hold the same bits.</summary>
    public static bool SameBits<T>((T[] Forward, T[] Backward, T[] Gradient) x, (T[] Forward, T[] Backward, T[] Gradient) y)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        x.Forward.AsSpan().SequenceEqual(y.Forward) && x.Backward.AsSpan().SequenceEqual(y.Backward) && x.Gradient.AsSpan().SequenceEqual(y.Gradient);
}
