using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// ReLU's δ with its bias gradient in one sweep (<see cref="ReluDelta"/>) against the two passes backpropagation made
/// before: <see cref="FusedKernels.Backward{T}"/> then <see cref="Gemm.SumRows{T}"/>, bit for bit.
/// </summary>
public class ReluDeltaProperties
{
    // Units on both sides of a vector and of the wide (≥ 16) column sums; rows from one to several hundred.
    [Property(MaxTest = 80)]
    public Property Relu_delta_and_bias_sums_in_one_sweep_equal_the_two_passes_bit_for_bit() =>
        Prop.ForAll(Gen.Choose(1, 140).ToArbitrary(), Gen.Choose(1, 300).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(),
            (units, rows, seed) => Matches<double>(units, rows, seed, inPlace: seed % 2 == 0) && Matches<float>(units, rows, seed, inPlace: seed % 2 == 0));

    private static bool Matches<T>(int units, int rows, int seed, bool inPlace) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        var a = new T[units * rows];
        var product = new T[units * rows];
        rng.Fork(0).FillNormal<T>(a, 0, 1);
        rng.Fork(1).FillNormal<T>(product, 0, 1e3);
        // What a mask could get wrong: NaN and infinite products, −0, activations that are NaN or exactly ±0.
        T[] special = [T.NaN, T.PositiveInfinity, T.NegativeInfinity, -T.Zero, T.Zero];
        for (int i = seed % 7; i < a.Length; i += 11)
        {
            product[i] = special[i % special.Length];
            a[(i * 5) % a.Length] = special[(i + 1) % special.Length];
        }
        var expected = new T[a.Length];
        var expectedSums = new T[units];
        FusedKernels.Backward<T>(Activation.Relu, a, a, product, expected, units);
        Gemm.SumRows<T>(expected, expectedSums);
        var dz = inPlace ? product : new T[a.Length];
        var sums = Enumerable.Repeat(T.One, units).ToArray(); // stale values are overwritten
        ReluDelta.Run<T>(a, product, dz, sums);
        return Bits(dz).SequenceEqual(Bits(expected)) && Bits(sums).SequenceEqual(Bits(expectedSums));
    }

    private static IEnumerable<long> Bits<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(v => BitConverter.DoubleToInt64Bits(double.CreateTruncating(v)));
}
