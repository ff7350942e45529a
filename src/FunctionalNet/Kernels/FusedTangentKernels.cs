using System.Numerics;
using System.Runtime.CompilerServices;
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
        if (Vector.IsHardwareAccelerated && width * count <= TableLength)
        {
            Span<T> table = stackalloc T[width * count];
            for (int r = 0; r < count; r++) bias.CopyTo(table[(r * width)..]);
            for (int t = 0; i + count <= length; i += count, t = t + count == table.Length ? 0 : t + count)
            {
                var sum = new Vector<T>(rz[i..]) + new Vector<T>(table[t..]);
                if (adds) sum += new Vector<T>(addend[i..]);
                sum.CopyTo(rz[i..]);
                (TSlope.Of(new Vector<T>(a[i..])) * sum).CopyTo(ra[i..]);
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

    // f′ from the activation's output a, formed as the activation forms it (the tangents below spell the same expressions).
    private interface ISlope<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract Vector<T> Of(Vector<T> a);

        static abstract T Of(T a);
    }

    private readonly struct SigmoidSlope<T> : ISlope<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector<T> Of(Vector<T> a) => a * (Vector<T>.One - a);

        public static T Of(T a) => a * (T.One - a);
    }

    private readonly struct TanhSlope<T> : ISlope<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector<T> Of(Vector<T> a) => Vector<T>.One - a * a;

        public static T Of(T a) => T.One - a * a;
    }

    private readonly struct ReluSlope<T> : ISlope<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector<T> Of(Vector<T> a) => Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);

        public static T Of(T a) => a > T.Zero ? T.One : T.Zero;
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
        switch (activation)
        {
            case Sigmoid:
                BackwardTangentSigmoid(a, rz, delta, rdelta, default, rdz);
                return;
            case Tanh:
                BackwardTangentTanh(a, rz, delta, rdelta, default, rdz);
                return;
            case Relu:
                BackwardTangentRelu(a, rz, delta, rdelta, default, rdz);
                return;
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
        switch (activation)
        {
            case Sigmoid:
                BackwardTangentSigmoid(a, rz, delta, rdelta, addend, rdz);
                return;
            case Tanh:
                BackwardTangentTanh(a, rz, delta, rdelta, addend, rdz);
                return;
            case Relu:
                BackwardTangentRelu(a, rz, delta, rdelta, addend, rdz);
                return;
            default:
                System.Numerics.Tensors.TensorPrimitives.Add<T>(rdelta, addend, rdelta);
                BackwardTangent(activation, z, a, rz, delta, rdelta, rdz, width, derivative, secondDerivative);
                return;
        }
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

    // f′ = a(1 − a) and f″ = (a(1 − a))(1 − 2a), as Sigmoid forms them.
    private static void BackwardTangentSigmoid<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> rz, ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta,
        ReadOnlySpan<T> addend, Span<T> rdz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T two = T.One + T.One;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var twos = new Vector<T>(two);
            for (; i + Vector<T>.Count <= rdz.Length; i += Vector<T>.Count)
            {
                var ai = new Vector<T>(a[i..]);
                var d1 = ai * (Vector<T>.One - ai);
                var d2 = d1 * (Vector<T>.One - twos * ai);
                (d1 * Load(rdelta, addend, i) + d2 * new Vector<T>(rz[i..]) * new Vector<T>(delta[i..])).CopyTo(rdz[i..]);
            }
        }
        for (; i < rdz.Length; i++)
        {
            T d1 = a[i] * (T.One - a[i]);
            T d2 = d1 * (T.One - two * a[i]);
            rdz[i] = d1 * At(rdelta, addend, i) + d2 * rz[i] * delta[i];
        }
    }

    // f′ = 1 − a·a and f″ = (−2a)(1 − a·a), as Tanh forms them.
    private static void BackwardTangentTanh<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> rz, ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta,
        ReadOnlySpan<T> addend, Span<T> rdz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T minusTwo = -(T.One + T.One);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var minusTwos = new Vector<T>(minusTwo);
            for (; i + Vector<T>.Count <= rdz.Length; i += Vector<T>.Count)
            {
                var ai = new Vector<T>(a[i..]);
                var d1 = Vector<T>.One - ai * ai;
                var d2 = minusTwos * ai * (Vector<T>.One - ai * ai);
                (d1 * Load(rdelta, addend, i) + d2 * new Vector<T>(rz[i..]) * new Vector<T>(delta[i..])).CopyTo(rdz[i..]);
            }
        }
        for (; i < rdz.Length; i++)
        {
            T d1 = T.One - a[i] * a[i];
            T d2 = minusTwo * a[i] * (T.One - a[i] * a[i]);
            rdz[i] = d1 * At(rdelta, addend, i) + d2 * rz[i] * delta[i];
        }
    }

    // f′ = (a > 0 ? 1 : 0) and f″ = +0, whose products still carry rz's and δ's NaN and signs, as Relu's passes do.
    private static void BackwardTangentRelu<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> rz, ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta,
        ReadOnlySpan<T> addend, Span<T> rdz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= rdz.Length; i += Vector<T>.Count)
            {
                var mask = Vector.ConditionalSelect(Vector.GreaterThan(new Vector<T>(a[i..]), Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);
                (mask * Load(rdelta, addend, i) + Vector<T>.Zero * new Vector<T>(rz[i..]) * new Vector<T>(delta[i..])).CopyTo(rdz[i..]);
            }
        }
        for (; i < rdz.Length; i++) rdz[i] = (a[i] > T.Zero ? T.One : T.Zero) * At(rdelta, addend, i) + T.Zero * rz[i] * delta[i];
    }

    // R{δ} + addend at i (R{δ} alone without one), rounded as the separate TensorPrimitives.Add rounded it: R{δ} first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Load<T>(ReadOnlySpan<T> rdelta, ReadOnlySpan<T> addend, int i) where T : unmanaged, IFloatingPointIeee754<T> =>
        addend.IsEmpty ? new Vector<T>(rdelta[i..]) : new Vector<T>(rdelta[i..]) + new Vector<T>(addend[i..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T At<T>(ReadOnlySpan<T> rdelta, ReadOnlySpan<T> addend, int i) where T : unmanaged, IFloatingPointIeee754<T> =>
        addend.IsEmpty ? rdelta[i] : rdelta[i] + addend[i];
}
