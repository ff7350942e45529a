using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// The three matrix products backpropagation needs, in destination-passing style over row-major spans.
/// Every path (small direct, packed, threaded; vector or scalar) forms C[i, j] as one fused multiply-add chain
/// over p = 0, 1, …, k−1 starting from zero, so an element's bits depend only on its own row and column: predicting
/// a batch is bit-identical to predicting its rows one by one, at any thread count. The thread budget is the
/// caller's <see cref="Parallelism"/>, passed down with every product.
/// </summary>
internal static unsafe class Gemm
{
    // Products with fewer multiply-adds than this skip packing: its copies would cost more than they save.
    private const long PackedThreshold = 1L << 14;

    // Below this m·k, even the narrow kernel's copy of B costs more than scalar chains.
    private const int NarrowMinWork = 64;

    // The two-vector narrow kernel runs eight rows at a time; below a few blocks the packed path is as good.
    private const int NarrowTwoMinRows = 32;

    // A·Bᵀ with fewer rows than this is cheaper as scalar chains than as a transposing pack of B.
    private const int MinPackedRows = 4;

    /// <summary>
    /// C[m×n] = A[m×k] · B[n×k]ᵀ (forward: Z = X · Wᵀ with W stored [out × in]); <paramref name="readyA"/>, when not
    /// empty, is A already packed (<see cref="PackedInput{T}.AsRows"/>), read instead of packing it again.
    /// </summary>
    public static void MultiplyTransposedB<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, Parallelism parallelism,
        GemmPanels<T> readyA = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, m * k, b.Length, n * k, c.Length, m * n);
        fixed (T* pa = a, pb = b, pc = c)
            Product(GemmOperand<T>.RowMajor(pa, k), GemmOperand<T>.Transposed(pb, k), pc, m, k, n, parallelism, readyA, default);
    }

    /// <summary>
    /// A layer's forward step C = Z = A·Bᵀ + bias, with <paramref name="relu"/> = max(Z, 0) when it is not empty, finished in
    /// the blocked kernel's epilogue (<see cref="GemmEpilogue{T}"/>) when the product takes that path; returns false, with
    /// only C = A·Bᵀ formed, when it does not. Either way the bits are those of the product followed by
    /// <see cref="FusedKernels.AddBiasAndActivate{T}"/>.
    /// </summary>
    public static bool MultiplyTransposedBAddBias<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> c, Span<T> relu,
        int m, int k, int n, Parallelism parallelism, GemmPanels<T> readyA = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, m * k, b.Length, n * k, c.Length, m * n);
        if (bias.Length != n || (!relu.IsEmpty && relu.Length != m * n)) throw new ArgumentException("GEMM epilogue sizes do not match the shape");
        fixed (T* pa = a, pb = b, pc = c, pbias = bias, pr = relu)
        {
            // An empty span pins to null: no activations, the bias alone.
            return Product(GemmOperand<T>.RowMajor(pa, k), GemmOperand<T>.Transposed(pb, k), pc, m, k, n, parallelism, readyA, default,
                new GemmEpilogue<T>(pbias, pr, n));
        }
    }

    /// <summary>C[m×n] = A[m×k] · B[k×n] (backward: δ_prev = δ · W).</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, Parallelism parallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, m * k, b.Length, k * n, c.Length, m * n);
        fixed (T* pa = a, pb = b, pc = c)
            Product(GemmOperand<T>.RowMajor(pa, k), GemmOperand<T>.RowMajor(pb, n), pc, m, k, n, parallelism);
    }

    /// <summary>
    /// C[m×n] = A[k×m]ᵀ · B[k×n] (gradient: ∂W = δᵀ · A_prev); <paramref name="readyB"/>, when not empty, is B already
    /// packed (<see cref="PackedInput{T}.AsColumns"/>), read instead of packing it again.
    /// </summary>
    public static void MultiplyTransposedA<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, Parallelism parallelism,
        GemmPanels<T> readyB = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, k * m, b.Length, k * n, c.Length, m * n);
        if (SwapsOperands<T>(m, k, n))
        {
            SwappedTransposedA(a, b, c, m, k, n, parallelism);
            return;
        }
        fixed (T* pa = a, pb = b, pc = c)
            Product(GemmOperand<T>.Transposed(pa, m), GemmOperand<T>.RowMajor(pb, n), pc, m, k, n, parallelism, default, readyB);
    }

    // A few rows of C (an output layer's weight gradient, 10 × 100) fill few rows of the packed kernel's 8-row tiles, while
    // the transposed product Cᵀ = Bᵀ·A has them as its narrow columns: measured 80 → 49 µs for 10 × 1347 × 100 in double.
    // Short chains and narrow n gained nothing, and the narrow kernel runs on one thread, so only one-thread-sized products swap.
    // Ten rows or fewer take the strips instead (10 × 1347 × 100: 52 → 27 µs); 11–15 rows in double keep the swap, where the
    // strips' second block of ten is mostly padding (12 × 1347 × 100: 44 µs swapped, 55 µs in strips).
    private static bool SwapsOperands<T>(int m, int k, int n) where T : unmanaged =>
        Vector512.IsHardwareAccelerated && !(m <= GemmStrips.Rows && TakesStrips(m, k, n, Vector512<T>.Count, 1)) && m < 2 * Vector512<T>.Count && n >= 4 * Vector512<T>.Count && k >= 256 && (long)m * n * k < SwapMaxWork;

    private const long SwapMaxWork = 1L << 22;

    // C = (Bᵀ·A)ᵀ: element (i, j) is the chain Σ_p B[p, j]·A[p, i], and a fused multiply-add does not depend on the order
    // of its two factors, so the bits are those of the direct product.
    private static void SwappedTransposedA<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, Parallelism parallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scratch = System.Buffers.ArrayPool<T>.Shared.Rent(n * m);
        fixed (T* pa = a, pb = b, pt = scratch)
            Product(GemmOperand<T>.Transposed(pb, n), GemmOperand<T>.RowMajor(pa, m), pt, n, k, m, parallelism);
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) c[i * n + j] = scratch[j * m + i];
        System.Buffers.ArrayPool<T>.Shared.Return(scratch);
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
        if (n >= 16 && !NarrowColumnSums.Fits<T>(n))
        {
            for (int i = 0; i + n <= a.Length; i += n) TensorPrimitives.Add(dest, a.Slice(i, n), dest);
            return;
        }
        // Rows that fit four registers, or narrow ones: a call per row would cost more than its additions; same order, so the same bits.
        NarrowColumnSums.Run(a, dest);
    }

    // C = A·B by the path Dispatch chooses; the epilogue (if any) runs only on the blocked kernel's path, and the result
    // says whether it ran: the one place the choice is made, for plain products and layer steps alike.
    private static bool Product<T>(GemmOperand<T> a, GemmOperand<T> b, T* c, int m, int k, int n, Parallelism parallelism,
        GemmPanels<T> readyA = default, GemmPanels<T> readyB = default, GemmEpilogue<T> epilogue = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return false;
        if (k == 0)
        {
            new Span<T>(c, m * n).Clear();
            return false;
        }
        if (Vector512.IsHardwareAccelerated)
            return Dispatch<T, Vector512<T>, Lanes512<T>>(a, b, c, m, k, n, parallelism, readyA, readyB, epilogue);
        if (Vector256.IsHardwareAccelerated)
            return Dispatch<T, Vector256<T>, Lanes256<T>>(a, b, c, m, k, n, parallelism, readyA, readyB, epilogue);
        GemmDirect.Scalar(a, b, c, n, m, k, n);
        return false;
    }

    private static bool Dispatch<T, TV, TL>(GemmOperand<T> a, GemmOperand<T> b, T* c, int m, int k, int n, Parallelism parallelism,
        GemmPanels<T> readyA, GemmPanels<T> readyB, GemmEpilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        int w = TL.Count;
        if (n < w && m * k >= NarrowMinWork)
            GemmNarrow.Run<T, TV, TL>(a, b, c, n, m, k, n);
        else if (TwoVectorsNarrow(m, k, n, w))
            GemmNarrow.Run<T, TV, TL>(a, b, c, n, m, k, n); // two vectors per row: no packing of A, no edge tiles
        else if (n < w)
            GemmDirect.Scalar(a, b, c, n, m, k, n);
        else if (b.ColStride == 1 && (long)m * n * k < PackedThreshold)
            GemmDirect.ContiguousB<T, TV, TL>(a, b, c, n, m, k, n); // a short product
        else if (b.ColStride == 1 && TakesStrips(m, k, n, w, parallelism.MaxThreads))
            GemmStrips.Run<T, TV, TL>(a, b, c, n, m, k, n); // an output layer's ten rows or ten-step chains
        else if (b.ColStride != 1 && m < MinPackedRows)
            GemmDirect.Scalar(a, b, c, n, m, k, n); // packing B would cost as much as the product itself
        else
        {
            GemmBlocked.Run<T, TV, TL>(a, b, c, n, m, k, n, parallelism, readyA, readyB, epilogue);
            return true;
        }
        return false;
    }

    // A few rows of C (a weight gradient δᵀ·A, up to the size the swap gave the one-thread narrow kernel) or chains of a few
    // steps (δ·W back through an output layer, where the blocked kernel would not split), with C at least one vector wide:
    // the strips run on one thread.
    private static bool TakesStrips(int m, int k, int n, int w, int threads)
    {
        long work = (long)m * n * k;
        return n >= w && (m >= StripsMinRows && m <= StripsMaxRows && work < SwapMaxWork
            || k <= StripsMaxChain && (threads == 1 || work < 2 * GemmBlocked.MinWorkPerThread));
    }

    // Measured down to three rows (3 × 1347 × 100 double: 38 µs blocked, 26 µs in strips of ten rows, seven of them padding)
    // and up to two blocks of ten (20 × 1347 × 100: 103 → 55 µs; 16 × 200 × 100 float 6.0 → 4.3 µs).
    private const int StripsMinRows = 3;

    private const int StripsMaxRows = 2 * GemmStrips.Rows;

    // Chains this short spend the blocked kernel's tiles on packing, zeroing and storing C.
    private const int StripsMaxChain = 16;

    private static bool TwoVectorsNarrow(int m, int k, int n, int w) => n < 2 * w && m >= NarrowTwoMinRows && (long)m * n * k >= PackedThreshold;

    private static void CheckSizes(int a, int expectA, int b, int expectB, int c, int expectC)
    {
        if (a != expectA || b != expectB || c != expectC)
            throw new ArgumentException($"GEMM operand sizes {a}, {b}, {c} do not match the shape ({expectA}, {expectB}, {expectC})");
    }
}
