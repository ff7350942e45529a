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
                BackwardTangentSigmoid(a, rz, delta, rdelta, rdz);
                return;
            case Tanh:
                BackwardTangentTanh(a, rz, delta, rdelta, rdz);
                return;
            case Relu:
                BackwardTangentRelu(a, rz, delta, rdelta, rdz);
                return;
            case ElementwiseActivation elementwise:
                elementwise.BackwardTangent(z, a, rz, delta, rdelta, rdz, derivative, secondDerivative);
                return;
            default:
                activation.BackwardTangent(z, a, rz, delta, rdelta, rdz, width);
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
    private static void BackwardTangentSigmoid<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> rz, ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta, Span<T> rdz)
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
                (d1 * new Vector<T>(rdelta[i..]) + d2 * new Vector<T>(rz[i..]) * new Vector<T>(delta[i..])).CopyTo(rdz[i..]);
            }
        }
        for (; i < rdz.Length; i++)
        {
            T d1 = a[i] * (T.One - a[i]);
            T d2 = d1 * (T.One - two * a[i]);
            rdz[i] = d1 * rdelta[i] + d2 * rz[i] * delta[i];
        }
    }

    // f′ = 1 − a·a and f″ = (−2a)(1 − a·a), as Tanh forms them.
    private static void BackwardTangentTanh<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> rz, ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta, Span<T> rdz)
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
                (d1 * new Vector<T>(rdelta[i..]) + d2 * new Vector<T>(rz[i..]) * new Vector<T>(delta[i..])).CopyTo(rdz[i..]);
            }
        }
        for (; i < rdz.Length; i++)
        {
            T d1 = T.One - a[i] * a[i];
            T d2 = minusTwo * a[i] * (T.One - a[i] * a[i]);
            rdz[i] = d1 * rdelta[i] + d2 * rz[i] * delta[i];
        }
    }

    // f′ = (a > 0 ? 1 : 0) and f″ = +0, whose products still carry rz's and δ's NaN and signs, as Relu's passes do.
    private static void BackwardTangentRelu<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> rz, ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta, Span<T> rdz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= rdz.Length; i += Vector<T>.Count)
            {
                var mask = Vector.ConditionalSelect(Vector.GreaterThan(new Vector<T>(a[i..]), Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);
                (mask * new Vector<T>(rdelta[i..]) + Vector<T>.Zero * new Vector<T>(rz[i..]) * new Vector<T>(delta[i..])).CopyTo(rdz[i..]);
            }
        }
        for (; i < rdz.Length; i++) rdz[i] = (a[i] > T.Zero ? T.One : T.Zero) * rdelta[i] + T.Zero * rz[i] * delta[i];
    }
}
