using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Calculus;

/// <summary>A reused workspace gives exactly what the pure functions give, whatever batches it saw before.</summary>
public class WorkspaceTests
{
    [Fact]
    public void Reused_workspace_matches_fresh_evaluations_bit_for_bit_across_batch_sizes()
    {
        var c = RandomNetworks.Build(Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 7, [13, 9], 5, 40, true, 77);
        var workspace = new Workspace<double>(c.Architecture, 3);
        var gradient = new double[c.Parameters.Count];
        // Grow, shrink and grow again: stale values beyond the current batch must never leak in.
        foreach (int rows in new[] { 1, 40, 3, 17, 40, 2 })
        {
            var pick = Enumerable.Range(0, rows).Select(i => (i * 7) % 40).ToArray();
            var batch = new Batch<double>(c.Batch.Features.SelectRows(pick), c.Batch.Targets.SelectRows(pick));
            var (cost, expected) = Network.CostAndGradient(c.Architecture, c.Parameters, batch);
            double reused = Backpropagation.Run(workspace, c.Parameters.Flat, batch.Features.Span, batch.Targets.Span, rows, gradient);
            Assert.Equal(cost, reused);
            Assert.Equal(expected.Flat.ToArray(), gradient);
        }
    }
}
