using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Tensors;

/// <summary>
/// A plain gradient step on a weight matrix whose gradient is a rank-one product, applied row by row without ever
/// forming the gradient: W[r, c] ← W[r, c] + step(g) with g = u_r·v_c. Each element is rounded exactly as the engine
/// rounds it when the gradient is materialised (g = fma(u, v, 0) as the one-term GEMM chain, then the L2 term w·λ + g,
/// then θ + g·s, or (g·s)·m under a rate multiplier, never fused), so the two paths give the same bits.
/// </summary>
internal static class RankOneUpdate
{
    /// <summary>How a gradient element becomes a change of its weight.</summary>
    /// <param name="Decay">λ of the L2 term (zero for none): g ← w·λ + g.</param>
    /// <param name="Scale">The rule's scale −η_t: w ← w + g·s.</param>
    /// <param name="Multiplier">A rate multiplier other than one, or null: w ← w + (g·s)·m.</param>
    public readonly record struct Coefficients<T>(T Decay, T Scale, T? Multiplier) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Steps the [rows × cols] matrix <paramref name="w"/> (rows <paramref name="stride"/> apart) with the gradient
    /// u ⊗ v. When <paramref name="product"/> is not empty it first accumulates product += u_r·W[r, :] with the weights
    /// before the step, one fused multiply-add per row in row order (the chain of δ·W from zero when it starts cleared).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<T>(Span<T> w, int rows, int cols, int stride, ReadOnlySpan<T> u, ReadOnlySpan<T> v, Span<T> product, Coefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows == 0 || cols == 0) return;
        if ((long)(rows - 1) * stride + cols > w.Length || u.Length < rows || v.Length < cols || !product.IsEmpty && product.Length < cols)
            throw new ArgumentException($"rank-one update of a [{rows} × {cols}] matrix (stride {stride}) does not fit its operands");
        bool accumulate = !product.IsEmpty;
        for (int r = 0; r < rows; r++)
        {
            var row = w.Slice(r * stride, cols);
            T d = u[r];
            int i = 0;
            if (Vector512.IsHardwareAccelerated) i = Row512(row, d, v, product, accumulate, c);
            if (Vector256.IsHardwareAccelerated) i = Row256(row, i, d, v, product, accumulate, c);
            for (; i < cols; i++)
            {
                T x = row[i];
                if (accumulate) product[i] = T.FusedMultiplyAdd(d, x, product[i]);
                T g = T.FusedMultiplyAdd(d, v[i], T.Zero);
                if (c.Decay != T.Zero) g = x * c.Decay + g;
                row[i] = c.Multiplier is { } m ? x + g * c.Scale * m : x + g * c.Scale;
            }
        }
    }

    private static int Row512<T>(Span<T> row, T d, ReadOnlySpan<T> v, Span<T> product, bool accumulate, Coefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0, n = Vector512<T>.Count;
        var dv = Vector512.Create(d);
        var decay = Vector512.Create(c.Decay);
        var scale = Vector512.Create(c.Scale);
        var multiplier = Vector512.Create(c.Multiplier ?? T.One);
        bool decayed = c.Decay != T.Zero, multiplied = c.Multiplier is not null;
        ref T w0 = ref row[0];
        ref T v0 = ref Unsafe.AsRef(in v[0]);
        for (; i + n <= row.Length; i += n)
        {
            var x = Vector512.LoadUnsafe(ref w0, (nuint)i);
            if (accumulate) Lanes512<T>.MultiplyAdd(dv, x, Vector512.Create<T>(product[i..])).CopyTo(product[i..]);
            var g = Lanes512<T>.MultiplyAdd(dv, Vector512.LoadUnsafe(ref v0, (nuint)i), Vector512<T>.Zero);
            if (decayed) g = x * decay + g;
            (multiplied ? x + g * scale * multiplier : x + g * scale).StoreUnsafe(ref w0, (nuint)i);
        }
        return i;
    }

    private static int Row256<T>(Span<T> row, int i, T d, ReadOnlySpan<T> v, Span<T> product, bool accumulate, Coefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = Vector256<T>.Count;
        var dv = Vector256.Create(d);
        var decay = Vector256.Create(c.Decay);
        var scale = Vector256.Create(c.Scale);
        var multiplier = Vector256.Create(c.Multiplier ?? T.One);
        bool decayed = c.Decay != T.Zero, multiplied = c.Multiplier is not null;
        ref T w0 = ref row[0];
        ref T v0 = ref Unsafe.AsRef(in v[0]);
        for (; i + n <= row.Length; i += n)
        {
            var x = Vector256.LoadUnsafe(ref w0, (nuint)i);
            if (accumulate) Lanes256<T>.MultiplyAdd(dv, x, Vector256.Create<T>(product[i..])).CopyTo(product[i..]);
            var g = Lanes256<T>.MultiplyAdd(dv, Vector256.LoadUnsafe(ref v0, (nuint)i), Vector256<T>.Zero);
            if (decayed) g = x * decay + g;
            (multiplied ? x + g * scale * multiplier : x + g * scale).StoreUnsafe(ref w0, (nuint)i);
        }
        return i;
    }
}
