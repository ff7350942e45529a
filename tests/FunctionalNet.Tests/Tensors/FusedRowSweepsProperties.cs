using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The R-operator's fused row sweeps against the separate passes they replace, bit for bit: the forward
/// <see cref="FusedTangentKernels.BiasTangent{T}"/> against <see cref="Gemm.AddRowVector{T}"/>, an addition and
/// <see cref="FusedTangentKernels.Tangent{T}"/>; the backward <see cref="FusedTangentKernels.BackwardTangentOfSum{T}"/>
/// against an addition and <see cref="FusedTangentKernels.BackwardTangent{T}"/>; float and double, rows 1–2000, widths 1–40,
/// and rows too wide for the bias table, with ±large values, signed zeros, subnormals, infinities and NaN among them.
/// </summary>
public class FusedRowSweepsProperties
{
    private static readonly Activation[] Activations = [Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.Elu(1.5), Activation.Softmax];

    private static readonly Arbitrary<(int Rows, int Width, int Seed)> Shapes =
        Gen.Choose(1, 2000).SelectMany(r => Gen.Choose(1, 40).SelectMany(w => Gen.Choose(0, 100_000).Select(s => (r, w, s)))).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property Bias_tangent_equals_the_bias_addition_sum_and_tangent_passes() =>
        Prop.ForAll(Shapes, s => Activations.All(f => Forward<double>(f, s) && Forward<float>(f, s)));

    // Rows too wide for the bias table (beyond 1,024 elements a vector's count of rows) take the row-by-row path.
    [Property(MaxTest = 20)]
    public Property Bias_tangent_of_wide_rows_equals_the_separate_passes() =>
        Prop.ForAll(Gen.Choose(1, 12).SelectMany(r => Gen.Choose(250, 600).SelectMany(w => Gen.Choose(0, 100_000).Select(s => (r, w, s)))).ToArbitrary(),
            s => Activations.All(f => Forward<double>(f, s) && Forward<float>(f, s)));

    [Property(MaxTest = 60)]
    public Property Backward_tangent_of_a_sum_equals_the_addition_then_the_backward_tangent() =>
        Prop.ForAll(Shapes, s => Activations.All(f => Backward<double>(f, s) && Backward<float>(f, s)));

    private static bool Forward<T>(Activation f, (int Rows, int Width, int Seed) s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = s.Rows * s.Width;
        var rng = Rng.Create((ulong)s.Seed);
        T[] z = Values<T>(rng.Fork(0), n, 2), a = new T[n], rz = Values<T>(rng.Fork(1), n, 1), extra = Values<T>(rng.Fork(2), n, 1);
        T[] bias = Values<T>(rng.Fork(3), s.Width, 1);
        f.Forward<T>(z, a, s.Width);
        bool adds = s.Seed % 2 == 0;
        T[] expectedRz = (T[])rz.Clone(), expectedRa = new T[n], scratch = new T[n];
        Gemm.AddRowVector<T>(expectedRz, bias);
        if (adds) TensorPrimitives.Add<T>(expectedRz, extra, expectedRz);
        FusedTangentKernels.Tangent<T>(f, z, a, expectedRz, expectedRa, s.Width, scratch);
        T[] actualRz = (T[])rz.Clone(), actualRa = new T[n];
        FusedTangentKernels.BiasTangent<T>(f, z, a, actualRz, bias, adds ? extra : default, actualRa, s.Width, scratch);
        return Same(expectedRz, actualRz) && Same(expectedRa, actualRa);
    }

    private static bool Backward<T>(Activation f, (int Rows, int Width, int Seed) s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = s.Rows * s.Width;
        var rng = Rng.Create((ulong)s.Seed);
        T[] z = Values<T>(rng.Fork(0), n, 2), a = new T[n], rz = Values<T>(rng.Fork(1), n, 1), delta = Values<T>(rng.Fork(2), n, 1);
        T[] rdelta = Values<T>(rng.Fork(3), n, 1), addend = Values<T>(rng.Fork(4), n, 1);
        f.Forward<T>(z, a, s.Width);
        T[] scratch1 = new T[n], scratch2 = new T[n], sum = new T[n], expected = new T[n], actual = new T[n];
        TensorPrimitives.Add<T>(rdelta, addend, sum);
        FusedTangentKernels.BackwardTangent<T>(f, z, a, rz, delta, sum, expected, s.Width, scratch1, scratch2);
        FusedTangentKernels.BackwardTangentOfSum<T>(f, z, a, rz, delta, (T[])rdelta.Clone(), addend, actual, s.Width, scratch1, scratch2);
        return Same(expected, actual);
    }

    // Normal values with a few of every awkward kind scattered in: ±1e300-sized (±3e38 in float), ±0, subnormals, ±∞, NaN.
    internal static T[] Values<T>(Rng rng, int n, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[n];
        rng.Fork(0).FillNormal<T>(values, 0, scale);
        T huge = typeof(T) == typeof(float) ? T.CreateTruncating(3e38) : T.CreateTruncating(1e300);
        T[] odd = [huge, -huge, T.Zero, T.NegativeZero, T.Epsilon, -T.Epsilon * T.CreateTruncating(3), T.PositiveInfinity, T.NegativeInfinity, T.NaN];
        var pick = rng.Fork(1);
        for (int k = 0; k < Math.Min(n, 12); k++) values[pick.NextInt((ulong)(2 * k), n)] = odd[pick.NextInt((ulong)(2 * k + 1), odd.Length)];
        return values;
    }

    internal static bool Same<T>(T[] expected, T[] actual) where T : unmanaged =>
        MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan()));
}
