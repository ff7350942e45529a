using System.Numerics.Tensors;

namespace FunctionalNet.Optimization;

/// <summary>
/// The last m curvature pairs s = x_{k+1} − x_k, y = g_{k+1} − g_k and the two-loop recursion that applies the
/// L-BFGS inverse-Hessian approximation H to a vector (Nocedal &amp; Wright Algorithm 7.4, scaling γ = sᵀy / yᵀy).
/// A working buffer owned by one minimizer run; it never escapes.
/// </summary>
internal sealed class LbfgsMemory
{
    private readonly double[][] s;
    private readonly double[][] y;
    private readonly double[] rho;
    private readonly double[] alpha;
    private int newest = -1;

    public LbfgsMemory(int memory, int dimension)
    {
        s = new double[memory][];
        y = new double[memory][];
        for (int i = 0; i < memory; i++) { s[i] = new double[dimension]; y[i] = new double[dimension]; }
        rho = new double[memory];
        alpha = new double[memory];
    }

    /// <summary>Number of pairs held.</summary>
    public int Count { get; private set; }

    /// <summary>Forgets every pair (H becomes the identity).</summary>
    public void Clear() => Count = 0;

    /// <summary>Records the step from (x, g) to (xNew, gNew); skipped when sᵀy ≤ 0 so that H stays positive definite.</summary>
    public void Push(ReadOnlySpan<double> x, ReadOnlySpan<double> g, ReadOnlySpan<double> xNew, ReadOnlySpan<double> gNew)
    {
        int m = s.Length, slot = (newest + 1) % m;
        TensorPrimitives.Subtract(xNew, x, s[slot]);
        TensorPrimitives.Subtract(gNew, g, y[slot]);
        double sy = TensorPrimitives.Dot<double>(s[slot], y[slot]);
        if (!(sy > 1e-10 * TensorPrimitives.Dot<double>(y[slot], y[slot]))) return;
        rho[slot] = 1 / sy;
        newest = slot;
        Count = Math.Min(Count + 1, m);
    }

    /// <summary>result = H·v (newest pair first on the way down, oldest first on the way up).</summary>
    public void Apply(ReadOnlySpan<double> v, Span<double> result)
    {
        int m = s.Length;
        v.CopyTo(result);
        for (int j = 0; j < Count; j++)
        {
            int i = (newest - j + m) % m;
            alpha[i] = rho[i] * TensorPrimitives.Dot(s[i], result);
            TensorPrimitives.MultiplyAdd(y[i], -alpha[i], result, result);
        }
        if (Count > 0)
            TensorPrimitives.Multiply(result, TensorPrimitives.Dot<double>(s[newest], y[newest]) / TensorPrimitives.Dot<double>(y[newest], y[newest]), result);
        for (int j = Count - 1; j >= 0; j--)
        {
            int i = (newest - j + m) % m;
            double b = rho[i] * TensorPrimitives.Dot(y[i], result);
            TensorPrimitives.MultiplyAdd(s[i], alpha[i] - b, result, result);
        }
    }
}
