using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// e^x, the sigmoid and tanh over spans of doubles or floats, each element from its own value alone: every element,
/// the last ones too (padded to a whole register), goes through the same 512-bit code (<see cref="LaneFunctions"/>). The
/// runtime's <c>TensorPrimitives</c> give the same bits on long spans in range, but an element's bits there can depend on
/// where it sits: a span shorter than a register is done by the scalar function (a double alone, up to three floats),
/// and a double register with any lane beyond ±708 goes whole to the scalar exponential (measured on .NET 10.0.12 once the
/// JIT has tiered up; the first calls keep the polynomial, so there the bits depend on the tier too). Here an element's bits never
/// depend on the span's length, its offset or its neighbours. Other element types keep <c>TensorPrimitives</c>.
/// </summary>
internal static class Lanewise
{
    /// <summary>y = e^x elementwise; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Supported<T>()) Apply<T, ExpLanes>(x, y);
        else TensorPrimitives.Exp(x, y);
    }

    /// <summary>y = 1 / (1 + e^−x) elementwise; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Supported<T>()) Apply<T, SigmoidLanes>(x, y);
        else if (!x.IsEmpty) TensorPrimitives.Sigmoid(x, y);
    }

    /// <summary>y = tanh x elementwise; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Supported<T>()) Apply<T, TanhLanes>(x, y);
        else TensorPrimitives.Tanh(x, y);
    }

    private static bool Supported<T>() => typeof(T) == typeof(double) || typeof(T) == typeof(float);

    private interface ILaneFunction
    {
        static abstract Vector512<T> Of<T>(Vector512<T> x) where T : unmanaged;
    }

    private readonly struct ExpLanes : ILaneFunction
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Of<T>(Vector512<T> x) where T : unmanaged => LaneFunctions.Exp(x);
    }

    private readonly struct SigmoidLanes : ILaneFunction
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Of<T>(Vector512<T> x) where T : unmanaged => LaneFunctions.Sigmoid(x);
    }

    private readonly struct TanhLanes : ILaneFunction
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Of<T>(Vector512<T> x) where T : unmanaged => LaneFunctions.Tanh(x);
    }

    // Whole registers in place, then the rest through a zero-padded register of its own (whose padding is never read).
    [SkipLocalsInit]
    private static void Apply<T, TF>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged
        where TF : struct, ILaneFunction
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination is too short.", nameof(y));
        int lanes = Vector512<T>.Count, whole = x.Length - x.Length % lanes;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        for (int i = 0; i < whole; i += lanes) TF.Of(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (whole == x.Length) return;
        Span<T> padded = stackalloc T[lanes];
        padded.Clear();
        x[whole..].CopyTo(padded);
        TF.Of(Vector512.Create<T>(padded)).CopyTo(padded);
        padded[..(x.Length - whole)].CopyTo(y[whole..]);
    }
}
