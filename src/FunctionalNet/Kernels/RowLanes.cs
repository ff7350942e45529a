using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// The vector operations the narrow-network kernel (<c>Calculus/NarrowBlock</c>) needs on top of <see cref="ILanes{TV, T}"/>,
/// so that one kernel body is specialised by the JIT for 512- and 256-bit registers. Every operation is lane-wise except
/// <see cref="Sum"/>, whose order is fixed by the register width, never by the data or the thread.
/// </summary>
internal interface IRowLanes<TV, T> : ILanes<TV, T>
    where TV : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Divide(TV a, TV b);

    static abstract TV Max(TV a, TV b);

    static abstract TV Abs(TV a);

    /// <summary>1 where a &gt; 0, else 0 (NaN gives 0): ReLU's derivative read from its output.</summary>
    static abstract TV Positive(TV a);


    /// <summary>Lane-wise e^a, inlined (<see cref="RowExp"/>).</summary>
    static abstract TV Exp(TV a);

    /// <summary>Lane-wise natural logarithm (the runtime's vectorised one).</summary>
    static abstract TV Log(TV a);

    /// <summary>Lane-wise <paramref name="a"/> == <paramref name="b"/> ? <paramref name="equal"/> : <paramref name="otherwise"/>.</summary>
    static abstract TV WhereEqual(TV a, TV b, TV equal, TV otherwise);

    /// <summary>The sum of the lanes, in the register's fixed reduction order.</summary>
    static abstract T Sum(TV a);
}

/// <summary>512-bit row lanes (AVX-512).</summary>
internal readonly struct RowLanes512<T> : IRowLanes<Vector512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
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
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) => Lanes512<T>.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Relu(Vector512<T> v) => Lanes512<T>.Relu(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Abs(Vector512<T> a) => Vector512.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Positive(Vector512<T> a) => Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<T>.Zero), Vector512<T>.One, Vector512<T>.Zero);


    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> a) => typeof(T) == typeof(float)
        ? RowExp.Exp(a.AsSingle()).As<float, T>()
        : RowExp.Exp(a.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log(Vector512<T> a) => typeof(T) == typeof(float)
        ? Vector512.Log(a.AsSingle()).As<float, T>()
        : Vector512.Log(a.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> WhereEqual(Vector512<T> a, Vector512<T> b, Vector512<T> equal, Vector512<T> otherwise) =>
        Vector512.ConditionalSelect(Vector512.Equals(a, b), equal, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> a) => Vector512.Sum(a);
}

/// <summary>256-bit row lanes (AVX2 + FMA, or two NEON registers).</summary>
internal readonly struct RowLanes256<T> : IRowLanes<Vector256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
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
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c) => Lanes256<T>.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> a, Vector256<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Relu(Vector256<T> v) => Lanes256<T>.Relu(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Abs(Vector256<T> a) => Vector256.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Positive(Vector256<T> a) => Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256<T>.Zero), Vector256<T>.One, Vector256<T>.Zero);


    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp(Vector256<T> a) => typeof(T) == typeof(float)
        ? RowExp.Exp(a.AsSingle()).As<float, T>()
        : RowExp.Exp(a.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log(Vector256<T> a) => typeof(T) == typeof(float)
        ? Vector256.Log(a.AsSingle()).As<float, T>()
        : Vector256.Log(a.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> WhereEqual(Vector256<T> a, Vector256<T> b, Vector256<T> equal, Vector256<T> otherwise) =>
        Vector256.ConditionalSelect(Vector256.Equals(a, b), equal, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> a) => Vector256.Sum(a);
}
