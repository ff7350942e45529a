using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// The few vector operations the GEMM kernels need, abstracted over the register width so that one kernel body is
/// specialised by the JIT for <see cref="Vector512{T}"/> and <see cref="Vector256{T}"/>. Multiply-add is always
/// fused, lane for lane the same rounding as <c>T.FusedMultiplyAdd</c>, which is what lets scalar tails and vector
/// bodies produce identical bits.
/// </summary>
internal interface ILanes<TV, T>
    where TV : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract int Count { get; }

    static abstract TV Zero { get; }

    static abstract TV Load(ref T source, nuint offset);

    static abstract void Store(TV value, ref T destination, nuint offset);

    static abstract TV Broadcast(T value);

    /// <summary>a · b + c with a single rounding.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);

    /// <summary>a + b, lane by lane (rounds as the scalar sum).</summary>
    static abstract TV Add(TV a, TV b);

    /// <summary>v ≤ 0 ? 0 : v, lane by lane: NaN is kept and −0 becomes +0, as <see cref="BiasRelu"/> forms it.</summary>
    static abstract TV Relu(TV v);
}

/// <summary>512-bit lanes (AVX-512).</summary>
internal readonly struct Lanes512<T> : ILanes<Vector512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Relu(Vector512<T> v) =>
        Vector512.ConditionalSelect(Vector512.LessThanOrEqual(v, Vector512<T>.Zero), Vector512<T>.Zero, v);
}

/// <summary>256-bit lanes (AVX2 + FMA, or two NEON registers).</summary>
internal readonly struct Lanes256<T> : ILanes<Vector256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Relu(Vector256<T> v) =>
        Vector256.ConditionalSelect(Vector256.LessThanOrEqual(v, Vector256<T>.Zero), Vector256<T>.Zero, v);
}
