using System.Numerics;
using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// One row times a layer's transposed, padded weight copy (<see cref="RowWeights{T}"/> and <see cref="RowTimesPacked"/>)
/// gives the bits of that row's line in a batch <see cref="Gemm.MultiplyTransposedB{T}"/> over the original weights,
/// for every layer, at every vector width the machine has.
/// </summary>
public class RowTimesPackedProperties
{
    // Layer widths straddle 8 and 16 lanes and the eight-vector pass (64 floats, 128 floats); batches past the packed-GEMM
    // thresholds, so the batch takes other kernels than the row.
    private static readonly Arbitrary<(int[] Sizes, int Rows, int Seed)> Networks =
        (from inputs in Gen.Choose(1, 150)
         from hidden in Gen.Choose(1, 150)
         from outputs in Gen.Choose(1, 20)
         from rows in Gen.Choose(1, 40)
         from seed in Gen.Choose(0, int.MaxValue)
         select (new[] { inputs, hidden, outputs }, rows, seed)).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property Float_rows_times_packed_weights_are_the_batch_products_bits() =>
        Prop.ForAll(Networks, n => EveryLayerMatches<float>(n.Sizes, n.Rows, n.Seed));

    [Property(MaxTest = 60)]
    public Property Double_rows_times_packed_weights_are_the_batch_products_bits() =>
        Prop.ForAll(Networks, n => EveryLayerMatches<double>(n.Sizes, n.Rows, n.Seed));

    private static bool EveryLayerMatches<T>(int[] sizes, int rows, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = Architecture.Mlp(sizes, Activation.Relu, Activation.Softmax, Loss.CrossEntropy).Match(a => a, _ => throw new InvalidOperationException());
        var rng = Rng.Create((ulong)seed);
        var flat = new T[architecture.Layout.Count];
        rng.Fork(1).FillUniform<T>(flat, -1, 1);
        var parameters = Parameters<T>.FromFlat(architecture.Layout, flat);
        var packed = RowWeights<T>.Pack(parameters);
        var slots = architecture.Layout.Slots;
        for (int k = 0; k < slots.Length; k++)
        {
            var s = slots[k];
            var x = new T[rows * s.Inputs];
            rng.Fork((ulong)(2 + k)).FillUniform<T>(x, -3, 3);
            var batch = new T[rows * s.Outputs];
            Gemm.MultiplyTransposedB<T>(x, parameters.Weights(k), batch, rows, s.Inputs, s.Outputs, new Parallelism(2));
            var z = new T[RowTimesPacked.Reach(packed.Stride(k), RowWeights<T>.Lanes)];
            for (int r = 0; r < rows; r++)
            {
                var row = x.AsSpan(r * s.Inputs, s.Inputs);
                var expected = batch.AsSpan(r * s.Outputs, s.Outputs);
                if (Vector512.IsHardwareAccelerated)
                {
                    RowTimesPacked.Run<T, Vector512<T>, Lanes512<T>>(row, packed.Layer(k), z, s.Inputs, packed.Stride(k));
                    if (!z.AsSpan(0, s.Outputs).SequenceEqual(expected)) return false;
                }
                if (Vector256.IsHardwareAccelerated)
                {
                    RowTimesPacked.Run<T, Vector256<T>, Lanes256<T>>(row, packed.Layer(k), z, s.Inputs, packed.Stride(k));
                    if (!z.AsSpan(0, s.Outputs).SequenceEqual(expected)) return false;
                }
            }
        }
        return true;
    }
}
