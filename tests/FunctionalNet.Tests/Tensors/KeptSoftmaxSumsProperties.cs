using System.Numerics;
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
/// The cross-entropy cost from the row maxima and sums the softmax's forward pass kept (<see cref="RowSoftmax.Forward{T}"/>,
/// <see cref="PassLoss"/>) against the cost that forms every exponential again (<see cref="RowSoftmax.LogSumExp{T}"/>):
/// bit for bit, for the kernel and through backpropagation.
/// </summary>
public class KeptSoftmaxSumsProperties
{
    // Widths on both sides of the transposed (narrow) path; row counts on both sides of a block, a vector and a chunk.
    private static readonly Arbitrary<(int Width, int Rows, int Seed)> Shapes =
        Gen.Choose(1, 40).SelectMany(w => Gen.Choose(1, 600).SelectMany(r => Gen.Choose(0, 10_000).Select(s => (w, r, s)))).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property Kept_sums_give_the_recomputed_log_sum_exp_and_cost_bit_for_bit() =>
        Prop.ForAll(Shapes, s => Matches<double>(s) && Matches<float>(s));

    [Property(MaxTest = 20)]
    public Property Backpropagations_cost_is_the_recomputed_cost_bit_for_bit() =>
        Prop.ForAll(Gen.Choose(1, 300).ToArbitrary(), Gen.Choose(2, 20).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(),
            (rows, classes, seed) => CostMatches<double>(rows, classes, seed) && CostMatches<float>(rows, classes, seed));

    private static bool Matches<T>((int Width, int Rows, int Seed) s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (width, rows, seed) = s;
        var rng = Rng.Create((ulong)seed);
        var z = new T[width * rows];
        rng.Fork(1).FillNormal<T>(z, 0, 20);
        if (rows > 3) (z[width * (seed % rows)], z[width * ((seed + 1) % rows)]) = (T.NaN, T.PositiveInfinity);
        var y = new T[z.Length];
        rng.Fork(2).FillUniform<T>(y, 0, 1);
        var w = new T[rows];
        rng.Fork(3).FillUniform<T>(w, 0, 2);
        var a = new T[z.Length];
        var (max, sum) = (new T[rows], new T[rows]);
        RowSoftmax.Forward<T>(z, a, width, max, sum);
        var lse = new T[rows];
        var kept = new T[rows];
        RowSoftmax.LogSumExp<T>(z, width, lse);
        RowSoftmax.LogSumExpOf<T>(max, sum, width, kept);
        return Bits(kept).SequenceEqual(Bits(lse))
            && Same(CrossEntropy.SumFromSoftmax<T>(z, max, sum, y, width, default), Loss.CrossEntropy.Sum<T>(Activation.Softmax, z, a, y, width))
            && Same(CrossEntropy.SumFromSoftmax<T>(z, max, sum, y, width, w), Loss.CrossEntropy.WeightedSum<T>(Activation.Softmax, z, a, y, width, w));
    }

    // Backpropagation's cost (kept sums) against the loss recomputed from the pass's logits plus the same L2 term.
    private static bool CostMatches<T>(int rows, int classes, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = Architecture.Mlp([5, 7, classes], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 0.3).Match(n => n, e => throw new InvalidOperationException());
        var rng = Rng.Create((ulong)seed);
        var theta = Initializer.UniformEpsilon.Initialize<T>(architecture, rng.Fork(0)).Flat.ToArray();
        var x = new T[rows * 5];
        rng.Fork(1).FillNormal<T>(x, 0, 2);
        var y = new T[rows * classes];
        for (int r = 0; r < rows; r++) y[r * classes + rng.Fork(2).NextInt((ulong)r, classes)] = T.One;
        var workspace = new Workspace<T>(architecture, rows);
        double cost = Backpropagation.Run(workspace, theta, x, y, rows, new T[theta.Length]);
        var pass = workspace.Pass;
        double data = Loss.CrossEntropy.Sum<T>(Activation.Softmax, pass.Z[^1], pass.A[^1], y, classes) / rows;
        return Same(cost, Network.Penalised(architecture, theta, data, rows));
    }

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static IEnumerable<long> Bits<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(v => BitConverter.DoubleToInt64Bits(double.CreateTruncating(v)));
}
