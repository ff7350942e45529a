using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The vectorised bias add of narrow layers (fewer than 16 units, where the bias is repeated over a vector of rows) gives
/// the per-element additions bit for bit, and the activation after it sees the same z.
/// </summary>
public class NarrowBiasProperties
{
    [Property(MaxTest = 80)]
    public Property A_narrow_layers_bias_add_and_activation_equal_the_per_element_reference() =>
        Prop.ForAll(Gen.Choose(1, 15).ToArbitrary(), Gen.Choose(1, 300).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(),
            (units, rows, seed) => Matches<double>(units, rows, seed, Activation.Softmax) && Matches<float>(units, rows, seed, Activation.Softmax)
                && Matches<double>(units, rows, seed, Activation.Sigmoid) && Matches<float>(units, rows, seed, Activation.Identity));

    private static bool Matches<T>(int units, int rows, int seed, Activation activation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        var z = new T[units * rows];
        var bias = new T[units];
        rng.Fork(0).FillNormal<T>(z, 0, 3);
        rng.Fork(1).FillNormal<T>(bias, 0, 3);
        bias[seed % units] = -T.Zero; // z + (−0) = z; no z is −0, so the zero bias below keeps every z too
        var expectedZ = z.ToArray();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < units; j++) expectedZ[r * units + j] += bias[j];
        var expectedA = new T[z.Length];
        var reference = new T[z.Length];
        expectedZ.CopyTo(reference);
        FusedKernels.AddBiasAndActivate<T>(activation, reference, new T[units], expectedA); // the activation as the kernel applies it
        var a = new T[z.Length];
        FusedKernels.AddBiasAndActivate<T>(activation, z, bias, a);
        return Bits(z).SequenceEqual(Bits(expectedZ)) && Bits(a).SequenceEqual(Bits(expectedA));
    }

    private static IEnumerable<long> Bits<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(v => BitConverter.DoubleToInt64Bits(double.CreateTruncating(v)));
}
