using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// digits-lbfgs's and digits-adam's network (64-100-10, ReLU, softmax, cross-entropy, L2) at their batch sizes goes
/// through every kernel those workloads use (blocked softmax and log-sum-exp, one-sweep bias + ReLU and one-hot delta,
/// the swapped output-layer gradient): its cost and gradient have the same bits at one, two and three threads.
/// </summary>
public class DigitsShapeParallelismProperties
{
    [Property(MaxTest = 4)]
    public Property Digits_network_cost_and_gradient_are_bit_identical_at_every_thread_count() =>
        Prop.ForAll(Gen.Elements(200, 1347).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (rows, seed) =>
        {
            var architecture = Architecture.Mlp([64, 100, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 1e-4)
                .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
            var parameters = Initializer.UniformEpsilon.Initialize<double>(architecture, Rng.Create((ulong)seed));
            var x = new double[rows * 64];
            Rng.Create((ulong)seed).Fork(1).FillUniform<double>(x, 0, 1);
            var y = new double[rows * 10];
            for (int r = 0; r < rows; r++) y[r * 10 + (r * 7 + seed) % 10] = 1;
            var batch = new Batch<double>(Matrix<double>.Create(rows, 64, x), Matrix<double>.Create(rows, 10, y));
            var runs = new[] { 1, 2, 3 }.Select(t => Network.CostAndGradient(architecture, parameters, batch, new Parallelism(t))).ToList();
            return runs.All(r => BitConverter.DoubleToInt64Bits(r.Cost) == BitConverter.DoubleToInt64Bits(runs[0].Cost)
                && r.Gradient.Flat.SequenceEqual(runs[0].Gradient.Flat));
        });
}
