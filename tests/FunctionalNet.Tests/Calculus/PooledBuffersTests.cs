using System.Buffers;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// The pure gradient and Hessian-vector product rent their buffers from the shared pool: stale contents must never
/// reach a result, and concurrent calls must not share a buffer.
/// </summary>
public class PooledBuffersTests
{
    public static TheoryData<string> Networks => ["sigmoid-bce", "tanh-softmax", "relu-mse", "elu-tanh-mse"];

    [Theory]
    [MemberData(nameof(Networks))]
    public void Stale_pool_contents_never_reach_the_product(string network)
    {
        var c = Case(network);
        var v = Direction(c);
        var expected = new double[c.Architecture.Layout.Count];
        HessianVector.Run(new HessianWorkspace<double>(c.Architecture, c.Batch.Count), c.Parameters.Flat, v.Flat,
            c.Batch.Features.Span, c.Batch.Targets.Span, c.Batch.Count, expected, passIsCurrent: false); // fresh, zeroed buffers

        foreach (double poison in new[] { double.NaN, double.PositiveInfinity, -0.0, 1e300 })
        {
            Poison(poison);
            var actual = HessianVector.Product(c.Architecture, c.Parameters, c.Batch, v).Flat.ToArray();
            Assert.Equal(Bits(expected), Bits(actual));
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Stale_pool_contents_never_reach_the_cost_or_gradient(string network)
    {
        var c = Case(network);
        var expected = new double[c.Architecture.Layout.Count];
        double expectedCost = Backpropagation.Run(new Workspace<double>(c.Architecture, c.Batch.Count), c.Parameters.Flat,
            c.Batch.Features.Span, c.Batch.Targets.Span, c.Batch.Count, expected); // fresh, zeroed buffers

        foreach (double poison in new[] { double.NaN, double.PositiveInfinity, -0.0, 1e300 })
        {
            Poison(poison);
            var (cost, gradient) = Network.CostAndGradient(c.Architecture, c.Parameters, c.Batch);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expectedCost), BitConverter.DoubleToInt64Bits(cost));
            Assert.Equal(Bits(expected), Bits(gradient.Flat.ToArray()));
        }
    }

    [Fact]
    public void Sixteen_threads_taking_products_at_once_match_one_thread_exactly()
    {
        var c = Case("tanh-softmax");
        var v = Direction(c);
        var expected = Bits(HessianVector.Product(c.Architecture, c.Parameters, c.Batch, v).Flat.ToArray());

        using var start = new Barrier(16);
        var mismatches = new int[16];
        var threads = Enumerable.Range(0, 16).Select(t => new Thread(() =>
        {
            start.SignalAndWait(); // all threads rent from the shared pool at the same moment
            for (int round = 0; round < 30; round++)
                if (!Bits(HessianVector.Product(c.Architecture, c.Parameters, c.Batch, v).Flat.ToArray()).SequenceEqual(expected))
                    mismatches[t]++;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(mismatches, m => Assert.Equal(0, m));
    }

    // Fills pooled arrays of every size the cases rent with one value, then returns them: the next rents on this
    // thread get them back (the pool keeps the last returned array per size class and thread).
    private static void Poison(double value)
    {
        foreach (int length in new[] { 16, 64, 256, 1024, 4096 })
        {
            var rented = Enumerable.Range(0, 12).Select(_ => ArrayPool<double>.Shared.Rent(length)).ToList();
            foreach (var array in rented)
            {
                array.AsSpan().Fill(value);
                ArrayPool<double>.Shared.Return(array);
            }
        }
    }

    private static NetworkCase Case(string network) => network switch
    {
        "sigmoid-bce" => RandomNetworks.Build(Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 6, [9], 4, 40, true, 3),
        "tanh-softmax" => RandomNetworks.Build(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 5, [7, 6], 3, 33, true, 4),
        "relu-mse" => RandomNetworks.Build(Activation.Relu, Activation.Identity, Loss.SquaredError, 4, [8], 2, 25, false, 5),
        _ => RandomNetworks.Build(Activation.Elu(1.5), Activation.Tanh, Loss.SquaredError, 3, [5, 4], 2, 19, true, 6),
    };

    private static Parameters<double> Direction(NetworkCase c)
    {
        var v = new double[c.Architecture.Layout.Count];
        Rng.Create(9).FillNormal<double>(v, 0, 1);
        return Parameters<double>.FromFlat(c.Architecture.Layout, v);
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
