using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FunctionalNet.Tensors;

namespace FunctionalNet.Model.Losses;

/// <summary>
/// Binary cross-entropy's terms ℓ(z, y) = max(z, 0) − y·z + log1p(e^−|z|) in double, a chunk of outputs at a time in
/// vector registers: the scalar <c>Math.Exp</c> and log per output were a third of digits-tnc's gradient. The terms are
/// then added one by one in output order, as the scalar loop did, so only the exponential's and logarithm's rounding
/// differ from it; every output goes through the same vector code (the last chunk is padded), so a term's bits do not
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
            for (int i = 0; i < count; i++)
            {
                zs[i] = double.CreateTruncating(z[start + i]);
                ys[i] = double.CreateTruncating(y[start + i]);
            }
            zs[count..].Clear();
            ys[count..].Clear();
            Terms(zs, ys, terms);
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

    // log1p(u) by the classic correction log(w)·u/(w − 1), w = 1 + u (u itself where w rounds to 1), as SpecialFunctions.Log1p.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Terms<TV, TL>(ReadOnlySpan<double> z, ReadOnlySpan<double> y, Span<double> terms)
        where TV : struct
        where TL : struct, IRowLanes<TV, double>
    {
        ref double zr = ref MemoryMarshal.GetReference(z);
        ref double yr = ref MemoryMarshal.GetReference(y);
        ref double tr = ref MemoryMarshal.GetReference(terms);
        TV one = TL.Broadcast(1.0);
        for (int i = 0; i + TL.Count <= z.Length; i += TL.Count)
        {
            TV zi = TL.Load(ref zr, (nuint)i);
            TV u = TL.Exp(TL.Subtract(TL.Zero, TL.Abs(zi)));
            TV w = TL.Add(one, u);
            TV log1p = TL.WhereEqual(w, one, u, TL.Divide(TL.Multiply(TL.Log(w), u), TL.Subtract(w, one)));
            TL.Store(TL.Add(TL.Subtract(TL.Max(zi, TL.Zero), TL.Multiply(TL.Load(ref yr, (nuint)i), zi)), log1p), ref tr, (nuint)i);
        }
    }
}
