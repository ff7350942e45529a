using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// e^x, sigmoid and tanh (<see cref="Lanewise"/>, and the pure <see cref="Sigmoid"/>, <see cref="Tanh"/> and Poisson delta
/// that call it) give an element the same bits whatever span holds it: alone, inside a longer span, at another offset,
/// beside neighbours beyond ±708, NaN or ±∞. Where the runtime's <c>TensorPrimitives</c> keeps every lane in its vector
/// code (doubles in range on spans of two or more, floats on spans of four or more), the bits are the runtime's.
/// </summary>
public class LanewiseProperties
{
    private static readonly Arbitrary<(int Length, int Offset, int Seed)> Cases =
        Gen.Choose(1, 200).SelectMany(n => Gen.Choose(0, n - 1).SelectMany(o => Gen.Choose(0, 1_000_000).Select(s => (n, o, s)))).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property An_elements_bits_depend_on_its_own_value_alone() =>
        Prop.ForAll(Cases, c => OwnValue<double>(c) && OwnValue<float>(c));

    [Property(MaxTest = 300)]
    public Property Elements_the_runtime_keeps_in_its_vector_code_have_its_bits() =>
        Prop.ForAll(Cases, c => RuntimeBits<double>(c) && RuntimeBits<float>(c));

    // The runtime's case this mends: a lane beyond ±708 beside in-range ones (which TensorPrimitives sends, after tier-up,
    // whole to the scalar exponential) and a lone double (which it gives the scalar one). Here both keep the vector bits.
    [Fact]
    public void A_far_neighbour_or_a_short_span_leaves_the_vector_bits()
    {
        for (int i = 0; i < 1000; i++)
        {
            double x = i * 0.0137 - 5;
            double[] inRange = [x, 1, 2, 3, 4, 5, 6, 7], beside = [x, 1, 2, 3, 4, 5, 6, -750];
            var (runtime, ours, oursBeside, alone) = (new double[8], new double[8], new double[8], new double[1]);
            TensorPrimitives.Exp<double>(inRange, runtime);
            Lanewise.Exp<double>(inRange, ours);
            Lanewise.Exp<double>(beside, oursBeside);
            Lanewise.Exp<double>(inRange.AsSpan(0, 1), alone);
            Assert.Equal(Bits(runtime[0]), Bits(ours[0]));
            Assert.Equal(Bits(runtime[0]), Bits(oursBeside[0]));
            Assert.Equal(Bits(runtime[0]), Bits(alone[0]));
            Assert.Equal(0, Bits(oursBeside[7]));
        }
    }

    private delegate void Function<T>(T[] x, T[] y);

    private static Function<T>[] Functions<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
    [
        (x, y) => Lanewise.Exp<T>(x, y),
        (x, y) => Lanewise.Sigmoid<T>(x, y),
        (x, y) => Lanewise.Tanh<T>(x, y),
        (x, y) => Activation.Sigmoid.Forward<T>(x, y, 1),
        (x, y) => Activation.Tanh.Forward<T>(x, y, 1),
        (x, y) => Loss.Poisson.Delta<T>(Activation.Identity, x, x, new T[x.Length], y, 1),
    ];

    // Element `offset` of a span of mixed values: the same bits alone, in place, and at another offset among other values.
    private static bool OwnValue<T>((int Length, int Offset, int Seed) c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(c.Seed);
        var x = Mixed<T>(rng, c.Length);
        int otherLength = rng.Next(1, 201), at = rng.Next(otherLength);
        var other = Mixed<T>(rng, otherLength);
        other[at] = x[c.Offset];
        foreach (var f in Functions<T>())
        {
            var (y, alone, moved) = (new T[x.Length], new T[1], new T[otherLength]);
            f(x, y);
            f([x[c.Offset]], alone);
            f(other, moved);
            var inPlace = x.ToArray();
            f(inPlace, inPlace);
            if (!Same(y[c.Offset], alone[0]) || !Same(y[c.Offset], moved[at]) || !Same(y, inPlace)) return false;
        }
        return true;
    }

    // In-range values: the runtime's bits wherever it vectorises (a short span's elements padded into a register for it).
    private static bool RuntimeBits<T>((int Length, int Offset, int Seed) c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(c.Seed);
        // Floats have no scalar fallback in the vector code; doubles stay within it (tanh takes e^(−2|x|)).
        var x = typeof(T) == typeof(float) ? Mixed<T>(rng, c.Length) : InRange<T>(rng, c.Length, 354);
        int lanes = Vector512<T>.Count, padded = Math.Max(c.Length, lanes);
        var wide = new T[padded];
        x.CopyTo(wide, 0);
        var runtime = new Action<T[], T[]>[]
        {
            (a, b) => TensorPrimitives.Exp<T>(a, b),
            (a, b) => TensorPrimitives.Sigmoid<T>(a, b),
            (a, b) => TensorPrimitives.Tanh<T>(a, b),
        };
        Function<T>[] ours = [(a, b) => Lanewise.Exp<T>(a, b), (a, b) => Lanewise.Sigmoid<T>(a, b), (a, b) => Lanewise.Tanh<T>(a, b)];
        int shortest = typeof(T) == typeof(double) ? 2 : 4;
        for (int k = 0; k < ours.Length; k++)
        {
            var (expected, actual, direct) = (new T[padded], new T[x.Length], new T[x.Length]);
            runtime[k](wide, expected);
            ours[k](x, actual);
            if (!Same(expected.AsSpan(0, x.Length), actual)) return false;
            runtime[k](x, direct);
            if (c.Length >= shortest && !Same(direct, actual)) return false;
        }
        return true;
    }

    // Mostly moderate values, some beyond ±708 and near ±354 (tanh's limit), huge ones, NaN, ±∞ and −0.
    private static T[] Mixed<T>(Random rng, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new T[n];
        for (int i = 0; i < n; i++)
        {
            double sign = rng.Next(2) == 0 ? -1 : 1;
            x[i] = rng.Next(20) switch
            {
                0 => T.NaN,
                1 => T.PositiveInfinity,
                2 => T.NegativeInfinity,
                3 => T.NegativeZero,
                4 or 5 => T.CreateTruncating(sign * (700 + 100 * rng.NextDouble())),
                6 => T.CreateTruncating(sign * (350 + 10 * rng.NextDouble())),
                7 => T.CreateTruncating(sign * 1e5 * rng.NextDouble()),
                8 => T.CreateTruncating(sign * (85 + 20 * rng.NextDouble())),
                _ => T.CreateTruncating(sign * 30 * rng.NextDouble()),
            };
        }
        return x;
    }

    private static T[] InRange<T>(Random rng, int n, double limit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new T[n];
        for (int i = 0; i < n; i++) x[i] = T.CreateTruncating((rng.Next(4) == 0 ? limit : 20) * (2 * rng.NextDouble() - 1));
        return x;
    }

    private static bool Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged =>
        MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));

    private static bool Same<T>(T a, T b) where T : unmanaged => Same<T>([a], [b]);

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);
}
