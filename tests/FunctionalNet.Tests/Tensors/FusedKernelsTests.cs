using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

public class FusedKernelsTests
{
    private static readonly Activation[] Fused = [Activation.Relu, Activation.Sigmoid, Activation.Tanh, Activation.Elu(1.5)];

    [Property(MaxTest = 100)]
    public Property Fused_backward_equals_each_activations_own_backward_bit_for_bit() =>
        Prop.ForAll(Gen.Choose(1, 70).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (n, seed) =>
            Fused.All(f => Matches<float>(f, n, seed) && Matches<double>(f, n, seed)));

    [Property(MaxTest = 100)]
    public Property Bias_and_activation_rows_do_not_depend_on_how_many_rows_share_the_buffer() =>
        Prop.ForAll(Gen.Choose(1, 20).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (rows, width) =>
        {
            var z = new float[rows * width];
            var bias = new float[width];
            Rng.Create((ulong)(rows * 31 + width)).FillNormal<float>(z, 0, 3);
            Rng.Create(7).FillNormal<float>(bias, 0, 1);
            return Fused.All(f =>
            {
                var zAll = z.ToArray();
                var aAll = new float[z.Length];
                FusedKernels.AddBiasAndActivate<float>(f, zAll, bias, aAll);
                for (int r = 0; r < rows; r++)
                {
                    var zRow = z.AsSpan(r * width, width).ToArray();
                    var aRow = new float[width];
                    FusedKernels.AddBiasAndActivate<float>(f, zRow, bias, aRow);
                    if (!aRow.AsSpan().SequenceEqual(aAll.AsSpan(r * width, width))) return false;
                }
                return true;
            });
        });

    private static bool Matches<T>(Activation f, int n, int seed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        T[] z = new T[n], a = new T[n], delta = new T[n];
        rng.Fork(0).FillNormal<T>(z, 0, 2);
        rng.Fork(1).FillNormal<T>(delta, 0, 1);
        if (n > 2) z[1] = T.Zero; // ReLU's kink
        f.Forward<T>(z, a, n);
        var expected = new T[n];
        f.Backward<T>(z, a, delta, expected, n);
        var fused = new T[n];
        FusedKernels.Backward<T>(f, z, a, delta, fused, n);
        var inPlace = delta.ToArray();
        FusedKernels.Backward<T>(f, z, a, inPlace, inPlace, n);
        return fused.AsSpan().SequenceEqual(expected) && inPlace.AsSpan().SequenceEqual(expected);
    }
}
