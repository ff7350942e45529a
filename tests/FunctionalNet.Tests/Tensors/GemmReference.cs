using System.Numerics;

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
}
