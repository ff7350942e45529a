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
/// depend on where it sits in the batch.
/// </summary>
internal static class LogisticTerms
{
    private const int Chunk = 256;

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
            if (weights.IsEmpty)
                for (int i = 0; i < count; i++) sum += terms[i];
            else
                for (int i = 0; i < count; i++) sum += double.CreateTruncating(weights[(start + i) / width]) * terms[i];
        }
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

    // log1p(u) for u = e^−|z| in (0, 1] as 2·atanh(s), s = u/(2 + u) ≤ 1/3: s·Σ_{n≤15} 2s²ⁿ/(2n + 1) by Horner, whose first left-out
    // term is below 2e-17 of the sum. A runtime vector logarithm cost more than the exponential, the division and the sum together.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Terms<TV, TL>(ReadOnlySpan<double> z, ReadOnlySpan<double> y, Span<double> terms)
        where TV : struct
        where TL : struct, IRowLanes<TV, double>
    {
        ref double zr = ref MemoryMarshal.GetReference(z);
        ref double yr = ref MemoryMarshal.GetReference(y);
        ref double tr = ref MemoryMarshal.GetReference(terms);
        TV two = TL.Broadcast(2.0);
        for (int i = 0; i + TL.Count <= z.Length; i += TL.Count)
        {
            TV zi = TL.Load(ref zr, (nuint)i);
            TV u = TL.Exp(TL.Subtract(TL.Zero, TL.Abs(zi)));
            TV s = TL.Divide(u, TL.Add(two, u));
            TV q = TL.Multiply(s, s);
            TV p = TL.MultiplyAdd(TL.Broadcast(2.0 / 31), q, TL.Broadcast(2.0 / 29));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 27));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 25));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 23));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 21));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 19));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 17));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 15));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 13));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 11));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 9));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 7));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 5));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0 / 3));
            p = TL.MultiplyAdd(p, q, TL.Broadcast(2.0));
            TV log1p = TL.Multiply(s, p);
            TL.Store(TL.Add(TL.Subtract(TL.Max(zi, TL.Zero), TL.Multiply(TL.Load(ref yr, (nuint)i), zi)), log1p), ref tr, (nuint)i);
        }
    }
}
