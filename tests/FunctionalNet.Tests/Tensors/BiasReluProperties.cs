using System.Numerics;
using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>The one-sweep bias + ReLU gives the bias add followed by TensorPrimitives.Max(z, 0) bit for bit.</summary>
public class BiasReluProperties
{
    [Property(MaxTest = 100)]
    public Property Bias_and_relu_in_one_sweep_equal_the_two_passes_bit_for_bit() =>
        Prop.ForAll(Gen.Choose(16, 140).ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(),
            (units, rows, seed) => Matches<double>(units, rows, seed) && Matches<float>(units, rows, seed));

    private static bool Matches<T>(int units, int rows, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        var z = new T[units * rows];
        var bias = new T[units];
        rng.Fork(0).FillNormal<T>(z, 0, 1);
        rng.Fork(1).FillNormal<T>(bias, 0, 1);
        // The cases a select could get wrong: NaN, infinities, and sums that are −0 or +0.
        T[] special = [T.NaN, T.PositiveInfinity, T.NegativeInfinity, -T.Zero, T.Zero];
        for (int i = 0; i < Math.Min(z.Length, 40); i += 3)
        {
            z[i] = special[i % special.Length];
            bias[i % units] = -T.Zero;
        }
        var expectedZ = z.ToArray();
        var expectedA = new T[z.Length];
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(expectedZ.AsSpan(r * units, units), bias, expectedZ.AsSpan(r * units, units));
        TensorPrimitives.Max<T>(expectedZ, T.Zero, expectedA);
        var a = new T[z.Length];
        FusedKernels.AddBiasAndActivate<T>(Activation.Relu, z, bias, a);
        return Bits(z).SequenceEqual(Bits(expectedZ)) && Bits(a).SequenceEqual(Bits(expectedA));
    }

    private static IEnumerable<long> Bits<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(v => BitConverter.DoubleToInt64Bits(double.CreateTruncating(v)));
}
