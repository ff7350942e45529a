using System.Collections.Immutable;
using System.Numerics.Tensors;
using FunctionalNet.Optimization;

namespace FunctionalNet.Kernels;

/// <summary>
/// The last m curvature pairs s = x_{k+1} − x_k, y = g_{k+1} − g_k and the two-loop recursion that applies the
/// L-BFGS inverse-Hessian approximation H to a vector (Nocedal &amp; Wright Algorithm 7.4, scaling γ = sᵀy / yᵀy).
/// A working buffer owned by one minimizer run; it never escapes (<see cref="Snapshot"/> copies).
/// </summary>
internal sealed class LbfgsMemory
{
    private readonly double[][] s;
    private readonly double[][] y;
    private readonly double[] rho;
    private readonly double[] alpha;
    // A candidate pair is formed here and swapped into the ring only when accepted, so a rejected pair never
    // overwrites the oldest one.
    private double[] sCandidate;
    private double[] yCandidate;
    private int newest = -1;

    public LbfgsMemory(int memory, int dimension)
    {
        s = new double[memory][];
        y = new double[memory][];
        for (int i = 0; i < memory; i++) { s[i] = new double[dimension]; y[i] = new double[dimension]; }
        rho = new double[memory];
        alpha = new double[memory];
        sCandidate = new double[dimension];
        yCandidate = new double[dimension];
    }

    /// <summary>A memory holding <paramref name="pairs"/> (oldest first, at most <paramref name="memory"/> of them).</summary>
    public static LbfgsMemory Restore(int memory, int dimension, ImmutableArray<CurvaturePair> pairs)
    {
        var restored = new LbfgsMemory(memory, dimension);
        foreach (var pair in pairs)
        {
            int slot = (restored.newest + 1) % memory;
            pair.S.CopyTo(restored.s[slot]);
            pair.Y.CopyTo(restored.y[slot]);
            restored.rho[slot] = pair.Rho;
            restored.newest = slot;
            restored.Count = Math.Min(restored.Count + 1, memory);
        }
        return restored;
    }

    /// <summary>Number of pairs held.</summary>
    public int Count { get; private set; }

    /// <summary>Forgets every pair (H becomes the identity).</summary>
    public void Clear() => Count = 0;

    /// <summary>The pairs held, oldest first, as immutable copies.</summary>
    public ImmutableArray<CurvaturePair> Snapshot()
    {
        int m = s.Length;
        var pairs = ImmutableArray.CreateBuilder<CurvaturePair>(Count);
        for (int j = Count - 1; j >= 0; j--)
        {
            int i = (newest - j + m) % m;
            pairs.Add(new CurvaturePair(ImmutableArray.Create(s[i]), ImmutableArray.Create(y[i]), rho[i]));
        }
        return pairs.MoveToImmutable();
    }

    /// <summary>Records the step from (x, g) to (xNew, gNew); skipped when sᵀy ≤ 0 so that H stays positive definite.</summary>
    public void Push(ReadOnlySpan<double> x, ReadOnlySpan<double> g, ReadOnlySpan<double> xNew, ReadOnlySpan<double> gNew)
    {
        TensorPrimitives.Subtract(xNew, x, sCandidate);
        TensorPrimitives.Subtract(gNew, g, yCandidate);
        double sy = TensorPrimitives.Dot<double>(sCandidate, yCandidate);
        if (!(sy > 1e-10 * TensorPrimitives.Dot<double>(yCandidate, yCandidate))) return;
        int slot = (newest + 1) % s.Length;
        (s[slot], sCandidate) = (sCandidate, s[slot]);
        (y[slot], yCandidate) = (yCandidate, y[slot]);
        rho[slot] = 1 / sy;
        newest = slot;
        Count = Math.Min(Count + 1, s.Length);
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
