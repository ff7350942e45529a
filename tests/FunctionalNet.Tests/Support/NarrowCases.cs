using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Support;

/// <summary>
/// Random narrow networks for the fused kernel (<c>Calculus/NarrowGradient</c>): every hidden activation and output/loss
/// pair it takes, widths up to its bound, row counts around its block size (1, below, exactly, just over, several
/// blocks), with and without L2 and sample weights.
/// </summary>
internal static class NarrowCases
{
    /// <summary>The hidden activations the kernel computes.</summary>
    public static readonly Activation[] Hidden = [Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.Relu];

    /// <summary>The output activation and loss pairs the kernel computes.</summary>
    public static readonly (Activation Output, Loss Loss)[] Outputs =
    [
        (Activation.Sigmoid, Loss.BinaryCrossEntropy), (Activation.Softmax, Loss.CrossEntropy),
        (Activation.Identity, Loss.SquaredError), (Activation.Sigmoid, Loss.SquaredError),
        (Activation.Tanh, Loss.SquaredError), (Activation.Relu, Loss.SquaredError),
    ];

    private static Gen<int> Width => Gen.OneOf(Gen.Choose(1, 6), Gen.Choose(7, NarrowNetwork.MaxWidth));

    private static Gen<int> Rows => Gen.OneOf(Gen.Choose(1, 70), Gen.Elements(63, 64, 65, 128, 129, 200));

    /// <summary>Row counts that span several chunks of the kernel (<see cref="NarrowNetwork.ChunkBlocks"/>), ragged or whole.</summary>
    public static Gen<int> ChunkedRows => Gen.OneOf(Gen.Choose(257, 1100), Gen.Elements(512, 513, 768, 1000));

    /// <summary>
    /// Random qualifying cases; those whose ReLU units sit within <paramref name="kinkMargin"/> of the kink are dropped
    /// (rounding differences between the two paths may put a unit on either side there). <paramref name="rows"/>: the
    /// row counts (default: around one block).
    /// </summary>
    public static Arbitrary<NetworkCase> Cases(double kinkMargin = 1e-6, Gen<int>? rows = null) =>
        (from hiddenCount in Gen.Choose(1, 3)
         from w1 in Width
         from w2 in Width
         from w3 in Width
         from inputs in Gen.Choose(1, 8)
         from outputs in Gen.Choose(1, 4)
         from count in rows ?? Rows
         from hidden in Gen.Elements(Hidden)
         from pair in Gen.Elements(Outputs)
         from withL2 in Gen.Elements(false, true)
         from weighted in Gen.Elements(false, true)
         from seed in Gen.Choose(0, int.MaxValue)
         let c = RandomNetworks.Build(hidden, pair.Output, pair.Loss, inputs, new[] { w1, w2, w3 }[..hiddenCount], outputs, count, withL2, seed)
         select weighted ? WeightedCases.Weighted(c) : c)
        .Where(c => RandomNetworks.KinkDistance(c) >= kinkMargin)
        .ToArbitrary();

    /// <summary>The case's parameters and batch rounded to float32.</summary>
    public static (Parameters<float> Parameters, Batch<float> Batch) ToSingle(NetworkCase c)
    {
        var b = c.Batch;
        return (Parameters<float>.FromFlat(c.Architecture.Layout, Single(c.Parameters.Flat)),
            new Batch<float>(Matrix<float>.Create(b.Count, b.Features.Cols, Single(b.Features.Span)), Matrix<float>.Create(b.Count, b.Targets.Cols, Single(b.Targets.Span)),
                b.Weights is null ? null : Matrix<float>.Create(b.Count, 1, Single(b.Weights.Span))));
    }

    private static float[] Single(ReadOnlySpan<double> values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = (float)values[i];
        return result;
    }
}
