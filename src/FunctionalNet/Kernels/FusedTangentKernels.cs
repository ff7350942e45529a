using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Kernels;

/// <summary>
/// The R-operator's elementwise steps (<see cref="Activation.Tangent{T}"/> and <see cref="Activation.BackwardTangent{T}"/>)
/// in one sweep each for sigmoid, tanh and ReLU, instead of the activations' separate passes for f′, f″ and each
/// product. Every element goes through the same operations in the same order as the activation's own code (each
/// operation rounds exactly, whatever the vector width), so the bits are identical; other activations fall back to their
/// own code, with the caller's scratch when they are elementwise.
/// </summary>
internal static class FusedTangentKernels
{
    private const int TableLength = 1024;

    /// <summary>True when <paramref name="activation"/> has a fused sweep here, which needs no scratch.</summary>
    public static bool Fuses(Activation activation) => activation is Sigmoid or Tanh or Relu;

    /// <summary>ra = f′(z) ⊙ rz. <paramref name="derivative"/> is scratch of at least ra.Length elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tangent<T>(Activation activation, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz, Span<T> ra, int width,
        Span<T> derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Sigmoid:
                TangentSigmoid(a, rz, ra);
                return;
            case Tanh:
                TangentTanh(a, rz, ra);
                return;
            case Relu:
                TangentRelu(a, rz, ra);
                return;
            case ElementwiseActivation elementwise:
                elementwise.Tangent(z, a, rz, ra, derivative);
                return;
            default:
                activation.Tangent(z, a, rz, ra, width);
                return;
        }
    }

    /// <summary>
    /// R{z} = (R{z} + <paramref name="bias"/> on every row) + <paramref name="addend"/> (none when empty), then
    /// R{a} = f′(z) ⊙ R{z}: the forward R-pass's bias addition, extra term and tangent in one sweep over the
    /// [rows × <paramref name="width"/>] buffers for the fused activations, each element's operations in the order the
    /// separate passes (<see cref="Gemm.AddRowVector{T}"/>, an addition, <see cref="Tangent{T}"/>) formed them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BiasTangent<T>(Activation activation, ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> rz, ReadOnlySpan<T> bias,
        ReadOnlySpan<T> addend, Span<T> ra, int width, Span<T> derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Sigmoid:
                BiasTangent<T, SigmoidSlope<T>>(a, rz, bias, addend, ra, width);
                return;
            case Tanh:
                BiasTangent<T, TanhSlope<T>>(a, rz, bias, addend, ra, width);
                return;
            case Relu:
                BiasTangent<T, ReluSlope<T>>(a, rz, bias, addend, ra, width);
                return;
            default:
                Gemm.AddRowVector(rz, bias);
                if (!addend.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add<T>(rz, addend, rz);
                Tangent(activation, z, a, rz, ra, width, derivative);
                return;
        }
    }

    // Rows narrower than a few vectors would leave a scalar tail on every row; a table of the bias repeated over Count rows
    // lets the vectors run over the flat buffer instead (a vector never straddles the table's end, which is Count rows).
    [SkipLocalsInit]
    private static void BiasTangent<T, TSlope>(ReadOnlySpan<T> a, Span<T> rz, ReadOnlySpan<T> bias, ReadOnlySpan<T> addend, Span<T> ra, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSlope : struct, ISlope<T>
    {
        bool adds = !addend.IsEmpty;
        int count = Vector<T>.Count, length = ra.Length / width * width, i = 0;
        if (a.Length < length || rz.Length < length || bias.Length < width || (adds && addend.Length < length))
            throw new ArgumentException("the buffers are shorter than the rows");
        if (Vector.IsHardwareAccelerated && width * count <= TableLength)
        {
            Span<T> table = stackalloc T[width * count];
            for (int r = 0; r < count; r++) bias.CopyTo(table[(r * width)..]);
            // By reference (lengths checked above): with six spans' bounds in registers the loop spilled and ran slower
            // than the separate passes.
            ref T ar = ref MemoryMarshal.GetReference(a), rzr = ref MemoryMarshal.GetReference(rz), tr = ref MemoryMarshal.GetReference(table);
            ref T er = ref MemoryMarshal.GetReference(addend), rar = ref MemoryMarshal.GetReference(ra);
            for (nuint t = 0, end = (nuint)table.Length; i + count <= length; i += count)
            {
                var sum = Vector.LoadUnsafe(ref rzr, (nuint)i) + Vector.LoadUnsafe(ref tr, t);
                if (adds) sum += Vector.LoadUnsafe(ref er, (nuint)i);
                sum.StoreUnsafe(ref rzr, (nuint)i);
                (TSlope.Of(Vector.LoadUnsafe(ref ar, (nuint)i)) * sum).StoreUnsafe(ref rar, (nuint)i);
                t += (nuint)count;
                if (t == end) t = 0;
            }
        }
        else if (Vector.IsHardwareAccelerated)
        {
            for (; i < length; i += width)
            {
                int j = 0;
                for (; j + count <= width; j += count)
                {
                    var sum = new Vector<T>(rz[(i + j)..]) + new Vector<T>(bias[j..]);
                    if (adds) sum += new Vector<T>(addend[(i + j)..]);
                    sum.CopyTo(rz[(i + j)..]);
                    (TSlope.Of(new Vector<T>(a[(i + j)..])) * sum).CopyTo(ra[(i + j)..]);
                }
                for (; j < width; j++) BiasTangentAt<T, TSlope>(a, rz, bias, addend, ra, i + j, j);
            }
        }
        for (; i < length; i++) BiasTangentAt<T, TSlope>(a, rz, bias, addend, ra, i, i % width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BiasTangentAt<T, TSlope>(ReadOnlySpan<T> a, Span<T> rz, ReadOnlySpan<T> bias, ReadOnlySpan<T> addend, Span<T> ra, int at, int column)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSlope : struct, ISlope<T>
    {
        T sum = rz[at] + bias[column];
        if (!addend.IsEmpty) sum += addend[at];
        rz[at] = sum;
        ra[at] = TSlope.Of(a[at]) * sum;
    }

    // f′ and f″ from the activation's output a (f″ given f′), formed as the activation forms them.
    private interface ISlope<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract Vector<T> Of(Vector<T> a);

        static abstract T Of(T a);

        static abstract Vector<T> Curvature(Vector<T> a, Vector<T> slope);

        static abstract T Curvature(T a, T slope);
    }

    // f′ = a(1 − a) and f″ = (a(1 − a))(1 − 2a), as Sigmoid forms them.
    private readonly struct SigmoidSlope<T> : ISlope<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector<T> Of(Vector<T> a) => a * (Vector<T>.One - a);

        public static T Of(T a) => a * (T.One - a);

        public static Vector<T> Curvature(Vector<T> a, Vector<T> slope) => slope * (Vector<T>.One - new Vector<T>(T.One + T.One) * a);

        public static T Curvature(T a, T slope) => slope * (T.One - (T.One + T.One) * a);
    }

    // f′ = 1 − a·a and f″ = (−2a)(1 − a·a), as Tanh forms them.
    private readonly struct TanhSlope<T> : ISlope<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector<T> Of(Vector<T> a) => Vector<T>.One - a * a;

        public static T Of(T a) => T.One - a * a;

        public static Vector<T> Curvature(Vector<T> a, Vector<T> slope) => new Vector<T>(-(T.One + T.One)) * a * slope;

        public static T Curvature(T a, T slope) => -(T.One + T.One) * a * slope;
    }

    // f′ = (a > 0 ? 1 : 0) and f″ = +0, multiplied (not selected) so −0 and NaN in rz and δ come out as Relu's own products give them.
    private readonly struct ReluSlope<T> : ISlope<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector<T> Of(Vector<T> a) => Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);

        public static T Of(T a) => a > T.Zero ? T.One : T.Zero;

        public static Vector<T> Curvature(Vector<T> a, Vector<T> slope) => Vector<T>.Zero;

        public static T Curvature(T a, T slope) => T.Zero;
    }

    /// <summary>
    /// rdz = f′(z) ⊙ R{δ} + f″(z) ⊙ R{z} ⊙ δ, the activation's order: (f′·rdelta) + ((f″·rz)·delta).
    /// <paramref name="derivative"/> and <paramref name="secondDerivative"/> are scratch of at least rdz.Length elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardTangent<T>(Activation activation, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz,
        ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta, Span<T> rdz, int width, Span<T> derivative, Span<T> secondDerivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FusedBackward(activation, a, rz, delta, rdelta, default, rdz)) return;
        switch (activation)
        {
            case ElementwiseActivation elementwise:
                elementwise.BackwardTangent(z, a, rz, delta, rdelta, rdz, derivative, secondDerivative);
                return;
            default:
                activation.BackwardTangent(z, a, rz, delta, rdelta, rdz, width);
                return;
        }
    }

    /// <summary>
    /// <see cref="BackwardTangent"/> of R{δ} = <paramref name="rdelta"/> + <paramref name="addend"/>, each element's sum
    /// formed as the separate addition formed it, within the same sweep for the fused activations (the R-operator's
    /// R{e} = R{δ}·W + δ·V); other activations add into <paramref name="rdelta"/> first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardTangentOfSum<T>(Activation activation, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz,
        ReadOnlySpan<T> delta, Span<T> rdelta, ReadOnlySpan<T> addend, Span<T> rdz, int width, Span<T> derivative, Span<T> secondDerivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FusedBackward(activation, a, rz, delta, rdelta, addend, rdz)) return;
        System.Numerics.Tensors.TensorPrimitives.Add<T>(rdelta, addend, rdelta);
        BackwardTangent(activation, z, a, rz, delta, rdelta, rdz, width, derivative, secondDerivative);
    }

    // The fused backward sweep of sigmoid, tanh or ReLU; false for the other activations.
    private static bool FusedBackward<T>(Activation activation, ReadOnlySpan<T> a, ReadOnlySpan<T> rz, ReadOnlySpan<T> delta,
        ReadOnlySpan<T> rdelta, ReadOnlySpan<T> addend, Span<T> rdz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (activation is Sigmoid) BackwardSweep<T, SigmoidSlope<T>>(a, rz, delta, rdelta, addend, rdz);
        else if (activation is Tanh) BackwardSweep<T, TanhSlope<T>>(a, rz, delta, rdelta, addend, rdz);
        else if (activation is Relu) BackwardSweep<T, ReluSlope<T>>(a, rz, delta, rdelta, addend, rdz);
        else return false;
        return true;
    }

    // f′ = a · (1 − a), as Sigmoid.Derivative forms it.
    private static void TangentSigmoid<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> rz, Span<T> ra) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= ra.Length; i += Vector<T>.Count)
            {
                var ai = new Vector<T>(a[i..]);
                (ai * (Vector<T>.One - ai) * new Vector<T>(rz[i..])).CopyTo(ra[i..]);
            }
        }
        for (; i < ra.Length; i++) ra[i] = a[i] * (T.One - a[i]) * rz[i];
    }

    // f′ = 1 − a·a, as Tanh.Derivative forms it.
    private static void TangentTanh<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> rz, Span<T> ra) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= ra.Length; i += Vector<T>.Count)
            {
                var ai = new Vector<T>(a[i..]);
                ((Vector<T>.One - ai * ai) * new Vector<T>(rz[i..])).CopyTo(ra[i..]);
            }
        }
        for (; i < ra.Length; i++) ra[i] = (T.One - a[i] * a[i]) * rz[i];
    }

    // f′ = (a > 0 ? 1 : 0), multiplied (not selected) so −0 and NaN in rz come out as Relu's own product gives them.
    private static void TangentRelu<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> rz, Span<T> ra) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= ra.Length; i += Vector<T>.Count)
            {
                var mask = Vector.ConditionalSelect(Vector.GreaterThan(new Vector<T>(a[i..]), Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);
                (mask * new Vector<T>(rz[i..])).CopyTo(ra[i..]);
            }
        }
        for (; i < ra.Length; i++) ra[i] = (a[i] > T.Zero ? T.One : T.Zero) * rz[i];
    }

    // rdz = (f′·R{δ}) + ((f″·rz)·δ), R{δ} = rdelta + addend when one is given, by reference (the callers check the lengths):
    // with six spans' bounds in registers the loop spilled.
    private static void BackwardSweep<T, TSlope>(ReadOnlySpan<T> a, ReadOnlySpan<T> rz, ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta,
        ReadOnlySpan<T> addend, Span<T> rdz)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSlope : struct, ISlope<T>
    {
        int n = rdz.Length, i = 0;
        if (a.Length < n || rz.Length < n || delta.Length < n || rdelta.Length < n || (!addend.IsEmpty && addend.Length < n))
            throw new ArgumentException("the buffers are shorter than R{δ}'s");
        bool adds = !addend.IsEmpty;
        ref T ar = ref MemoryMarshal.GetReference(a), rzr = ref MemoryMarshal.GetReference(rz), dr = ref MemoryMarshal.GetReference(delta);
        ref T rdr = ref MemoryMarshal.GetReference(rdelta), er = ref MemoryMarshal.GetReference(addend), outr = ref MemoryMarshal.GetReference(rdz);
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= n; i += Vector<T>.Count)
            {
                var ai = Vector.LoadUnsafe(ref ar, (nuint)i);
                var d1 = TSlope.Of(ai);
                var d2 = TSlope.Curvature(ai, d1);
                var r = Vector.LoadUnsafe(ref rdr, (nuint)i);
                if (adds) r += Vector.LoadUnsafe(ref er, (nuint)i);
                (d1 * r + d2 * Vector.LoadUnsafe(ref rzr, (nuint)i) * Vector.LoadUnsafe(ref dr, (nuint)i)).StoreUnsafe(ref outr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            T d1 = TSlope.Of(a[i]);
            T d2 = TSlope.Curvature(a[i], d1);
            T r = adds ? rdelta[i] + addend[i] : rdelta[i];
            rdz[i] = d1 * r + d2 * rz[i] * delta[i];
        }
    }
}
