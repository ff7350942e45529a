using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// e^x, the logistic sigmoid and tanh on a 512-bit register of doubles or floats, each lane from its own value alone: the
/// runtime's <c>TensorPrimitives</c> operators (<c>ExpOperator</c>, <c>SigmoidOperator</c>, <c>TanhOperator</c>) step for
/// step, with <see cref="RuntimeExp"/> in place of <c>Vector512.Exp</c>, so the same bits wherever the runtime keeps every lane
/// in its vector code (doubles within ±708 of the exponential's argument), and a lane's own scalar <c>double.Exp</c> beyond.
/// </summary>
internal static class LaneFunctions
{
    /// <summary>e^x lane by lane (<see cref="RuntimeExp"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp<T>(Vector512<T> x) where T : unmanaged =>
        typeof(T) == typeof(double) ? RuntimeExp.Exp(x.AsDouble()).As<double, T>() : RuntimeExp.Exp(x.AsSingle()).As<float, T>();

    /// <summary>1 / (1 + e^−x), as <c>SigmoidOperator</c> forms it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sigmoid<T>(Vector512<T> x) where T : unmanaged =>
        Vector512<T>.One / (Vector512<T>.One + Exp(-x));

    /// <summary>
    /// tanh x as <c>TanhOperator</c> forms it (AMD's <c>vrs4_tanhf</c>): z = e^(−2|x|) − 1, tanh |x| = −z / (z + 2), x's sign
    /// put back by its sign bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh<T>(Vector512<T> x) where T : unmanaged
    {
        var two = Vector512<T>.One + Vector512<T>.One;
        var z = Exp(-two * Vector512.Abs(x)) - Vector512<T>.One;
        return (x & SignBit<T>()) ^ (-z / (z + two));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> SignBit<T>() where T : unmanaged =>
        typeof(T) == typeof(double) ? Vector512.Create(0x8000_0000_0000_0000UL).As<ulong, T>() : Vector512.Create(0x8000_0000U).As<uint, T>();
}
