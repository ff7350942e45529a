using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>The R-operator's fused sweeps give each activation's own Tangent and BackwardTangent bit for bit.</summary>
public class FusedTangentKernelsTests
{
    private static readonly Activation[] Activations = [Activation.Relu, Activation.Sigmoid, Activation.Tanh, Activation.Elu(1.5), Activation.Softmax];

    [Property(MaxTest = 100)]
    public Property Fused_tangents_equal_each_activations_own_bit_for_bit() =>
        Prop.ForAll(Gen.Choose(1, 70).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (n, seed) =>
            Activations.All(f => Matches<float>(f, n, seed) && Matches<double>(f, n, seed)));

    private static bool Matches<T>(Activation f, int n, int seed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        T[] z = new T[n], a = new T[n], rz = new T[n], delta = new T[n], rdelta = new T[n];
        rng.Fork(0).FillNormal<T>(z, 0, 2);
        rng.Fork(1).FillNormal<T>(rz, 0, 1);
        rng.Fork(2).FillNormal<T>(delta, 0, 1);
        rng.Fork(3).FillNormal<T>(rdelta, 0, 1);
        // Signed zeros, infinities and NaN where the fused products could differ from separate passes if reordered.
        if (n > 6)
        {
            z[1] = T.Zero; // ReLU's kink
            rz[2] = -T.Zero;
            delta[3] = T.NegativeInfinity;
            rdelta[4] = T.NaN;
            rz[5] = T.PositiveInfinity;
            rdelta[6] = -T.Zero;
            delta[6] = -T.One;
        }
        f.Forward<T>(z, a, n);
        T[] expected = new T[n], actual = new T[n], scratch1 = new T[n], scratch2 = new T[n];
        f.Tangent<T>(z, a, rz, expected, n);
        FusedTangentKernels.Tangent<T>(f, z, a, rz, actual, n, scratch1);
        if (!Bits(expected).SequenceEqual(Bits(actual))) return false;
        f.BackwardTangent<T>(z, a, rz, delta, rdelta, expected, n);
        FusedTangentKernels.BackwardTangent<T>(f, z, a, rz, delta, rdelta, actual, n, scratch1, scratch2);
        return Bits(expected).SequenceEqual(Bits(actual));
    }

    // Bits, so that −0 differs from +0 (widening a float keeps its sign and NaN-ness).
    private static IEnumerable<long> Bits<T>(T[] values) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        values.Select(v => BitConverter.DoubleToInt64Bits(double.CreateTruncating(v)));
}
