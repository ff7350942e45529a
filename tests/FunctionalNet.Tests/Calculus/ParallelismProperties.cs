using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// The thread budget is a speed knob only: the GEMM splits output blocks, never the k reduction, so the cost, gradient
/// and Hessian-vector product have the same bits at every <see cref="Parallelism"/>.
/// </summary>
public class ParallelismProperties
{
    private static readonly int[] ThreadCounts = [1, 2, 3];

    // GemmBlocked gives each thread at least MinWorkPerThread multiply-adds; a product three times that is split three ways.
    private const long ThreeThreadsOfWork = 3 * GemmBlocked.MinWorkPerThread;

    private static readonly (Activation Hidden, Loss Loss)[] Mixes =
    [
        (Activation.Tanh, Loss.CrossEntropy), (Activation.Relu, Loss.SquaredError), (Activation.Sigmoid, Loss.BinaryCrossEntropy),
    ];

    [Property(MaxTest = 12)]
    public Property Cost_gradient_and_hessian_vector_product_are_bit_identical_at_every_thread_count() =>
        Prop.ForAll(LargeCases(), c =>
        {
            var v = Direction(c);
            var runs = ThreadCounts.Select(t => new Parallelism(t)).Select(p =>
            {
                var (cost, gradient) = Network.CostAndGradient(c.Architecture, c.Parameters, c.Batch, p);
                var hv = HessianVector.Product(c.Architecture, c.Parameters, c.Batch, v, p);
                return (Cost: BitConverter.DoubleToInt64Bits(cost), Gradient: Bits(gradient.Flat), Hv: Bits(hv.Flat));
            }).ToList();
            foreach (var (run, threads) in runs.Zip(ThreadCounts).Skip(1))
            {
                Assert.True(run.Cost == runs[0].Cost, $"{c}: cost differs at {threads} threads");
                Assert.True(run.Gradient.SequenceEqual(runs[0].Gradient), $"{c}: gradient differs at {threads} threads");
                Assert.True(run.Hv.SequenceEqual(runs[0].Hv), $"{c}: H·v differs at {threads} threads");
            }
        });

    // Batches and layers large enough that the widest layer's products are split over three threads.
    private static Arbitrary<NetworkCase> LargeCases() =>
        (from mix in Gen.Elements(Mixes)
         from hiddenCount in Gen.Choose(1, 2)
         from w1 in Gen.Choose(48, 128)
         from w2 in Gen.Choose(16, 64)
         from inputs in Gen.Choose(32, 96)
         from outputs in Gen.Choose(2, 12)
         from rows in Gen.Choose(1024, 2048)
         from output in Gen.Elements(RandomNetworks.OutputsFor(mix.Loss))
         from withL2 in Gen.Elements(false, true)
         from seed in Gen.Choose(0, int.MaxValue)
         where (long)rows * inputs * w1 >= ThreeThreadsOfWork
         select RandomNetworks.Build(mix.Hidden, output, mix.Loss, inputs, new[] { w1, w2 }[..hiddenCount], outputs, rows, withL2, seed))
        .ToArbitrary();

    private static Parameters<double> Direction(NetworkCase c)
    {
        var v = new double[c.Architecture.Layout.Count];
        Rng.Create((ulong)c.Seed).Fork(77).FillNormal<double>(v, 0, 1);
        return Parameters<double>.FromFlat(c.Architecture.Layout, v);
    }

    private static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (int i = 0; i < values.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        return bits;
    }
}
