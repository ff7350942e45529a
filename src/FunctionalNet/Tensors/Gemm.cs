using System.Numerics;
using System.Numerics.Tensors;

namespace FunctionalNet.Tensors;

/// <summary>
/// The three matrix products backpropagation needs, in destination-passing style over row-major spans.
/// Each output row depends only on the matching input row (the reduction order never depends on the batch
/// size), so predicting a batch is bit-identical to predicting its rows one by one.
/// </summary>
internal static class Gemm
{
    /// <summary>C[m×n] = A[m×k] · B[n×k]ᵀ (forward: Z = X · Wᵀ with W stored [out × in]).</summary>
    public static void MultiplyTransposedB<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, m * k, b.Length, n * k, c.Length, m * n);
        for (int i = 0; i < m; i++)
        {
            var ai = a.Slice(i * k, k);
            var ci = c.Slice(i * n, n);
            for (int j = 0; j < n; j++) ci[j] = TensorPrimitives.Dot(ai, b.Slice(j * k, k));
        }
    }

    /// <summary>C[m×n] = A[m×k] · B[k×n] (backward: δ_prev = δ · W).</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, m * k, b.Length, k * n, c.Length, m * n);
        c.Clear();
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                T aip = a[i * k + p];
                if (aip != T.Zero) TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), aip, ci, ci);
            }
        }
    }

    /// <summary>C[m×n] = A[k×m]ᵀ · B[k×n] (gradient: ∂W = δᵀ · A_prev).</summary>
    public static void MultiplyTransposedA<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, k * m, b.Length, k * n, c.Length, m * n);
        c.Clear();
        for (int p = 0; p < k; p++)
        {
            var bp = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                T api = a[p * m + i];
                if (api != T.Zero) TensorPrimitives.MultiplyAdd(bp, api, c.Slice(i * n, n), c.Slice(i * n, n));
            }
        }
    }

    /// <summary>Adds <paramref name="bias"/> to every row of the [rows × bias.Length] matrix <paramref name="c"/>.</summary>
    public static void AddRowVector<T>(Span<T> c, ReadOnlySpan<T> bias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = bias.Length;
        for (int i = 0; i + n <= c.Length; i += n) TensorPrimitives.Add(c.Slice(i, n), bias, c.Slice(i, n));
    }

    /// <summary>dest[j] = Σ_i a[i, j] over the rows of the [rows × dest.Length] matrix <paramref name="a"/>.</summary>
    public static void SumRows<T>(ReadOnlySpan<T> a, Span<T> dest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = dest.Length;
        dest.Clear();
        for (int i = 0; i + n <= a.Length; i += n) TensorPrimitives.Add(dest, a.Slice(i, n), dest);
    }

    private static void CheckSizes(int a, int expectA, int b, int expectB, int c, int expectC)
    {
        if (a != expectA || b != expectB || c != expectC)
            throw new ArgumentException($"GEMM operand sizes {a}, {b}, {c} do not match the shape ({expectA}, {expectB}, {expectC})");
    }
}
