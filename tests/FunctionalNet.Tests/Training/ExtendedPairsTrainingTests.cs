using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// gelu, silu, softplus and the huber, mae and poisson losses through the training engine's routes: single-sample
/// steps, mini-batches, and the truncated Newton minimizer (whose inner solver uses the R-operator's H·v).
/// </summary>
public sealed class ExtendedPairsTrainingTests
{
    [Theory]
    [InlineData("gelu", "huber")]
    [InlineData("silu", "mae")]
    [InlineData("softplus", "poisson")]
    [InlineData("gelu", "huber(0.2)")]
    public void Every_route_lowers_the_cost_to_what_the_network_measures(string hidden, string loss)
    {
        var net = Architecture.Mlp([2, 8, 1], Activation.Parse(hidden)!, Activation.Identity, Loss.Parse(loss)!).Get();
        var data = Data(net.Loss is Poisson);
        var start = Initializer.Xavier.Initialize<double>(net, Rng.Create(3));
        var traces = new Dictionary<string, List<TrainingIterate<double>>>
        {
            ["stochastic"] = Train.Fit(net, data, Rules.Sgd(0.02).Get(), start, Epochs(20, Batching.WithReplacement())).Get().ToList(),
            ["mini-batch"] = Train.Fit(net, data, Rules.Adam(0.02).Get(), start, Epochs(40, Batching.Shuffled(8))).Get().ToList(),
            ["tnc"] = Train.Minimize(net, data, Minimizer.TruncatedNewton().Get(), start, Epochs(20)).Get().ToList(),
        };
        foreach (var (route, trace) in traces)
        {
            Assert.True(trace[^1].TrainingCost < 0.8 * trace[0].TrainingCost, $"{route}: {trace[0].TrainingCost} → {trace[^1].TrainingCost}");
            Assert.Equal(Network.Cost(net, trace[^1].Parameters, data), trace[^1].TrainingCost, 12);
        }
    }

    // 60 rows of x ∈ [−1, 1]²; targets sin(2x₁) + x₂, or counts around e^(x₁ + x₂) for poisson.
    private static Batch<double> Data(bool counts)
    {
        var rng = Rng.Create(11);
        const int m = 60;
        var x = new double[m * 2];
        rng.FillUniform<double>(x, -1, 1);
        var y = new double[m];
        for (int i = 0; i < m; i++)
            y[i] = counts ? Math.Round(Math.Exp(x[2 * i] + x[2 * i + 1])) : Math.Sin(2 * x[2 * i]) + x[2 * i + 1];
        return new Batch<double>(Matrix<double>.Create(m, 2, x), Matrix<double>.Create(m, 1, y));
    }

    private static TrainingOptions Epochs(int n, Batching? batching = null) => TrainingOptions.Create(n, batching, Rng.Create(5)).Get();
}
