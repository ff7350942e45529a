using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;

namespace FunctionalNet.Model.Losses;

/// <summary>
/// Binary cross-entropy's terms ℓ(z, y) = max(z, 0) − y·z + log1p(e^−|z|) in double, a chunk of outputs at a time in
/// vector registers: the scalar <c>Math.Exp</c> and log per output were a third of digits-tnc's gradient. The terms are
/// then added one by one in output order, as the scalar loop did, so only the exponential's and log1p's rounding
/// differ from it (a few ulps); every output goes through the same vector code (the last chunk is padded), so a term's bits do not
/// depend on where it sits in the batch. Each term is <see cref="Term{T, TV, TL}"/>, which the fused narrow kernel
/// also uses.
/// </summary>
internal static class LogisticTerms
{
    // Short chunks, so the in-order additions of one overlap the next one's vector terms (the additions are a latency chain).
    private const int Chunk = 64;

    /// <summary>Σᵢ ℓ(zᵢ, yᵢ), or Σᵢ w_row(i)·ℓ(zᵢ, yᵢ) for rows of <paramref name="width"/> outputs when weights are given.</summary>
    [SkipLocalsInit]
    public static double Sum<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, int width, ReadOnlySpan<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<double> zs = stackalloc double[Chunk];
        Span<double> ys = stackalloc double[Chunk];
        Span<double> terms = stackalloc double[Chunk];
        double sum = 0;
        for (int start = 0; start < y.Length; start += Chunk)
        {
            int count = Math.Min(Chunk, y.Length - start);
            if (typeof(T) == typeof(double) && count == Chunk)
            {
                // Whole chunks of doubles are read in place; only a float batch or the last chunk is copied (and padded).
                Terms(MemoryMarshal.Cast<T, double>(z.Slice(start, Chunk)), MemoryMarshal.Cast<T, double>(y.Slice(start, Chunk)), terms);
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    zs[i] = double.CreateTruncating(z[start + i]);
                    ys[i] = double.CreateTruncating(y[start + i]);
                }
                zs[count..].Clear();
                ys[count..].Clear();
                Terms(zs, ys, terms);
            }
            sum = weights.IsEmpty ? AddInOrder(sum, terms[..count]) : AddInOrder(sum, terms[..count], weights, start, width);
        }
        return sum;
    }

    // The running sum's additions, one per term in order (a chain no reordering may shorten), in a method of their own: inlined
    // in Sum's loop the JIT kept the sum on the stack, a store and reload per term that made the terms 5× slower than a sigmoid.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double AddInOrder(double sum, ReadOnlySpan<double> terms)
    {
        foreach (double term in terms) sum += term;
        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double AddInOrder<T>(double sum, ReadOnlySpan<double> terms, ReadOnlySpan<T> weights, int start, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < terms.Length; i++) sum += double.CreateTruncating(weights[(start + i) / width]) * terms[i];
        return sum;
    }

    /// <summary>terms[i] = ℓ(z[i], y[i]) over whole chunks (the runtime's widest vectors, else scalar).</summary>
    internal static void Terms(ReadOnlySpan<double> z, ReadOnlySpan<double> y, Span<double> terms)
    {
        if (Vector512.IsHardwareAccelerated)
            Terms<Vector512<double>, RowLanes512<double>>(z, y, terms);
        else if (Vector256.IsHardwareAccelerated)
            Terms<Vector256<double>, RowLanes256<double>>(z, y, terms);
        else
            for (int i = 0; i < z.Length; i++) terms[i] = Scalar(z[i], y[i]);
    }

    /// <summary>The term as the scalar loop computed it: the reference the vector code is tested against.</summary>
    internal static double Scalar(double z, double y) =>
        Math.Max(z, 0) - y * z + Model.Activations.SpecialFunctions.Log1p(Math.Exp(-Math.Abs(z)));

    // ℓ over whole chunks from the lanes' own e^−z (what a sigmoid output layer computes anyway; see Term).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Terms<TV, TL>(ReadOnlySpan<double> z, ReadOnlySpan<double> y, Span<double> terms)
        where TV : struct
        where TL : struct, IRowLanes<TV, double>
    {
        ref double zr = ref MemoryMarshal.GetReference(z);
        ref double yr = ref MemoryMarshal.GetReference(y);
        ref double tr = ref MemoryMarshal.GetReference(terms);
        for (int i = 0; i + TL.Count <= z.Length; i += TL.Count)
        {
            TV zi = TL.Load(ref zr, (nuint)i);
            TL.Store(Term<double, TV, TL>(zi, TL.Exp(TL.Subtract(TL.Zero, zi)), TL.Load(ref yr, (nuint)i)), ref tr, (nuint)i);
        }
    }

    /// <summary>
    /// ℓ(z, y) = max(z, 0) − y·z + log1p(e^−|z|) lane by lane, given <paramref name="e"/> = e^−z as the sigmoid's forward
    /// pass computes it (<c>NarrowBlock.Sigmoid</c>), so the loss needs no exponential of its own: e^−|z| is e where
    /// z ≥ 0 and 1/e elsewhere. The one definition of a term, shared by <see cref="Sum{T}"/> (in double) and the fused
    /// narrow kernel's cost (in its own T), so for doubles both give the same bits.
    /// </summary>
    /// <remarks>
    /// log1p(u) = 2·atanh(s), s = u/(2 + u) ≤ 1/3, formed with one division as e/(2 + e) or 1/(1 + 2e); then s·P(s²) with
    /// P a Chebyshev fit (mpmath) of 2·atanh(√q)/√q on q ∈ [0, 1/9] (relative error 2.4e-18 in double at degree 10, 7.6e-9 in
    /// float at degree 4, below half an ulp either way; the Taylor series needed degree 15), evaluated by Estrin's scheme so
    /// the lanes' dependency chain is four deep, not ten.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Term<T, TV, TL>(TV z, TV e, TV y)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        TV one = TL.Broadcast(T.One);
        TV two = TL.Add(one, one);
        TV positive = TL.Max(z, TL.Zero);
        TV s = TL.Divide(TL.WhereEqual(positive, z, e, one), TL.WhereEqual(positive, z, TL.Add(two, e), TL.MultiplyAdd(two, e, one)));
        TV q = TL.Multiply(s, s);
        TV q2 = TL.Multiply(q, q);
        TV p;
        if (typeof(T) == typeof(double))
        {
            TV a0 = TL.MultiplyAdd(C(0.6666666666666615), q, C(2.0));
            TV a1 = TL.MultiplyAdd(C(0.28571428545454114), q, C(0.4000000000018575));
            TV a2 = TL.MultiplyAdd(C(0.18181740832504806), q, C(0.22222224080747674));
            TV a3 = TL.MultiplyAdd(C(0.13300374032674625), q, C(0.1538661404230401));
            TV a4 = TL.MultiplyAdd(C(0.0832450651186082), q, C(0.12110168728069218));
            TV b0 = TL.MultiplyAdd(a1, q2, a0);
            TV b1 = TL.MultiplyAdd(a3, q2, a2);
            TV b2 = TL.MultiplyAdd(C(0.17044163562781398), q2, a4);
            TV q4 = TL.Multiply(q2, q2);
            p = TL.MultiplyAdd(TL.MultiplyAdd(b2, q4, b1), q4, b0);
        }
        else
        {
            TV a0 = TL.MultiplyAdd(C(0.6666632294654846), q, C(2.0));
            TV a1 = TL.MultiplyAdd(C(0.27965158224105835), q, C(0.4002459645271301));
            p = TL.MultiplyAdd(TL.MultiplyAdd(C(0.28157779574394226), q2, a1), q2, a0);
        }
        return TL.Add(TL.Subtract(positive, TL.Multiply(y, z)), TL.Multiply(s, p));

        static TV C(double c) => TL.Broadcast(T.CreateTruncating(c));
    }
}
