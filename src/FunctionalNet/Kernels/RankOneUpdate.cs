using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

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
    public static void Apply<T>(Span<T> w, int rows, int cols, int stride, ReadOnlySpan<T> u, ReadOnlySpan<T> v, Span<T> product, Coefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows == 0 || cols == 0) return;
        if ((long)(rows - 1) * stride + cols > w.Length || u.Length < rows || v.Length < cols || !product.IsEmpty && product.Length < cols)
            throw new ArgumentException($"rank-one update of a [{rows} × {cols}] matrix (stride {stride}) does not fit its operands");
        bool decayed = c.Decay != T.Zero;
        if (product.IsEmpty)
        {
            if (decayed) Run<T, DecayedStep>(w, rows, cols, stride, u, v, product, c, default, default);
            else Run<T, Step>(w, rows, cols, stride, u, v, product, c, default, default);
        }
        else if (decayed) Run<T, ProductThenDecayedStep>(w, rows, cols, stride, u, v, product, c, default, default);
        else Run<T, ProductThenStep>(w, rows, cols, stride, u, v, product, c, default, default);
    }

    /// <summary>
    /// Steps <paramref name="w"/> as <see cref="Apply{T}"/> does (without a product) and, as each row takes its new
    /// values, accumulates z = x·W with the stepped weights: one fused multiply-add chain per column from zero in row
    /// order, the chain of <see cref="RowTimesMatrix"/>, so z has the bits a separate product after the step would
    /// have — while the rows are read once instead of twice (the one-sample step's next forward product, whose row
    /// is known before the step).
    /// </summary>
    public static void ApplyThenMultiply<T>(Span<T> w, int rows, int cols, int stride, ReadOnlySpan<T> u, ReadOnlySpan<T> v, Coefficients<T> c,
        ReadOnlySpan<T> x, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows == 0 || cols == 0) return;
        if ((long)(rows - 1) * stride + cols > w.Length || u.Length < rows || v.Length < cols || x.Length < rows || z.Length < cols)
            throw new ArgumentException($"rank-one update and product of a [{rows} × {cols}] matrix (stride {stride}) does not fit its operands");
        z[..cols].Clear();
        if (c.Decay != T.Zero) Run<T, DecayedStepThenMultiply>(w, rows, cols, stride, u, v, default, c, x, z);
        else Run<T, StepThenMultiply>(w, rows, cols, stride, u, v, default, c, x, z);
    }

    // What a pass does besides the step, chosen once per call as a type argument so the inner loops carry no tests:
    // accumulate δ·W with the old weights first, add the L2 term, multiply the stepped rows into the next z.
    internal interface IMode
    {
        static virtual bool Accumulates => false;
        static virtual bool Decays => false;
        static virtual bool Forwards => false;
    }

    private readonly struct Step : IMode;

    private readonly struct DecayedStep : IMode
    {
        public static bool Decays => true;
    }

    private readonly struct ProductThenStep : IMode
    {
        public static bool Accumulates => true;
    }

    private readonly struct ProductThenDecayedStep : IMode
    {
        public static bool Accumulates => true;
        public static bool Decays => true;
    }

    private readonly struct StepThenMultiply : IMode
    {
        public static bool Forwards => true;
    }

    private readonly struct DecayedStepThenMultiply : IMode
    {
        public static bool Decays => true;
        public static bool Forwards => true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T, TMode>(Span<T> w, int rows, int cols, int stride, ReadOnlySpan<T> u, ReadOnlySpan<T> v, Span<T> product,
        Coefficients<T> c, ReadOnlySpan<T> next, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMode : struct, IMode
    {
        ref T w0 = ref w[0];
        ref T v0 = ref Unsafe.AsRef(in v[0]);
        ref T p0 = ref TMode.Accumulates ? ref product[0] : ref Unsafe.NullRef<T>();
        ref T z0 = ref TMode.Forwards ? ref z[0] : ref Unsafe.NullRef<T>();
        bool multiplied = c.Multiplier is not null;
        T m = c.Multiplier ?? T.One;
        // Stepping into the next product, the whole vectors of columns go in register blocks; the rows below do the rest.
        int start = !TMode.Forwards ? 0
            : Vector512.IsHardwareAccelerated ? RankOneBlocks.Run<T, Vector512<T>, RowLanes512<T>, TMode>(ref w0, rows, cols, stride, u, ref v0, c, next, ref z0, 8)
            : Vector256.IsHardwareAccelerated ? RankOneBlocks.Run<T, Vector256<T>, RowLanes256<T>, TMode>(ref w0, rows, cols, stride, u, ref v0, c, next, ref z0, 4)
            : 0;
        for (int r = 0; r < rows; r++)
        {
            ref T row = ref Unsafe.Add(ref w0, r * stride);
            T d = u[r];
            T xr = TMode.Forwards ? next[r] : T.Zero;
            int i = start;
            if (Vector512.IsHardwareAccelerated)
            {
                int n = Vector512<T>.Count;
                var dv = Vector512.Create(d);
                var decay = Vector512.Create(c.Decay);
                var scale = Vector512.Create(c.Scale);
                var mv = Vector512.Create(m);
                var xv = Vector512.Create(xr);
                for (; i + n <= cols; i += n)
                {
                    var x = Vector512.LoadUnsafe(ref row, (nuint)i);
                    if (TMode.Accumulates) Lanes512<T>.MultiplyAdd(dv, x, Vector512.LoadUnsafe(ref p0, (nuint)i)).StoreUnsafe(ref p0, (nuint)i);
                    var g = Lanes512<T>.MultiplyAdd(dv, Vector512.LoadUnsafe(ref v0, (nuint)i), Vector512<T>.Zero);
                    if (TMode.Decays) g = x * decay + g;
                    var stepped = multiplied ? x + g * scale * mv : x + g * scale;
                    stepped.StoreUnsafe(ref row, (nuint)i);
                    if (TMode.Forwards) Lanes512<T>.MultiplyAdd(xv, stepped, Vector512.LoadUnsafe(ref z0, (nuint)i)).StoreUnsafe(ref z0, (nuint)i);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                int n = Vector256<T>.Count;
                var dv = Vector256.Create(d);
                var decay = Vector256.Create(c.Decay);
                var scale = Vector256.Create(c.Scale);
                var mv = Vector256.Create(m);
                var xv = Vector256.Create(xr);
                for (; i + n <= cols; i += n)
                {
                    var x = Vector256.LoadUnsafe(ref row, (nuint)i);
                    if (TMode.Accumulates) Lanes256<T>.MultiplyAdd(dv, x, Vector256.LoadUnsafe(ref p0, (nuint)i)).StoreUnsafe(ref p0, (nuint)i);
                    var g = Lanes256<T>.MultiplyAdd(dv, Vector256.LoadUnsafe(ref v0, (nuint)i), Vector256<T>.Zero);
                    if (TMode.Decays) g = x * decay + g;
                    var stepped = multiplied ? x + g * scale * mv : x + g * scale;
                    stepped.StoreUnsafe(ref row, (nuint)i);
                    if (TMode.Forwards) Lanes256<T>.MultiplyAdd(xv, stepped, Vector256.LoadUnsafe(ref z0, (nuint)i)).StoreUnsafe(ref z0, (nuint)i);
                }
            }
            for (; i < cols; i++)
            {
                ref T e = ref Unsafe.Add(ref row, i);
                T x = e;
                if (TMode.Accumulates) Unsafe.Add(ref p0, i) = T.FusedMultiplyAdd(d, x, Unsafe.Add(ref p0, i));
                T g = T.FusedMultiplyAdd(d, Unsafe.Add(ref v0, i), T.Zero);
                if (TMode.Decays) g = x * c.Decay + g;
                e = multiplied ? x + g * c.Scale * m : x + g * c.Scale;
                if (TMode.Forwards) Unsafe.Add(ref z0, i) = T.FusedMultiplyAdd(xr, e, Unsafe.Add(ref z0, i));
            }
        }
    }
}
