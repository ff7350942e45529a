using FunctionalNet.Calculus;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Calculus;

/// <summary>The core shares nothing mutable: many threads using the same parameters get single-thread results bit for bit.</summary>
public class ConcurrencyTests
{
    [Fact]
    public void Sixteen_threads_predicting_and_differentiating_at_once_match_one_thread_exactly()
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 6, [12, 12], 4, 64, true, 2024);
        var expectedOutput = Network.Predict(c.Architecture, c.Parameters, c.Batch.Features).Span.ToArray();
        var (expectedCost, expectedGradient) = Network.CostAndGradient(c.Architecture, c.Parameters, c.Batch);
        var expected = expectedGradient.Flat.ToArray();

        using var start = new Barrier(16);
        var mismatches = new int[16];
        var threads = Enumerable.Range(0, 16).Select(t => new Thread(() =>
        {
            start.SignalAndWait(); // all threads hammer the same values at the same moment
            for (int round = 0; round < 50; round++)
            {
                var output = Network.Predict(c.Architecture, c.Parameters, c.Batch.Features);
                var (cost, gradient) = Network.CostAndGradient(c.Architecture, c.Parameters, c.Batch);
                if (!output.Span.SequenceEqual(expectedOutput) || cost != expectedCost || !gradient.Flat.SequenceEqual(expected))
                    mismatches[t]++;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(mismatches, m => Assert.Equal(0, m));
    }
}
