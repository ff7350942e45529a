using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Hardening;

/// <summary>
/// Training traces are values: sixteen threads released at once, each enumerating the same trace objects of every
/// route and minimizer, reproduce the single-thread trace bit for bit (costs and parameters of every iterate).
/// </summary>
public class TrainingConcurrencyTests
{
    private const int Threads = 16;

    [Fact]
    public void Sixteen_threads_enumerating_the_same_traces_match_one_thread_exactly()
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Identity, Loss.SquaredError, 3, [5], 2, 24, false, 77);
        var arch = c.Architecture;
        var data = c.Batch;
        var start = Initializer.Xavier.Initialize<double>(arch, Rng.Create(3));
        var options = TrainingOptions.Create(5).Get();
        TrainingOptions Batched(Batching batching, ulong seed) => TrainingOptions.Create(5, batching, Rng.Create(seed)).Get();
        var traces = new Dictionary<string, IEnumerable<TrainingIterate<double>>>
        {
            ["full-batch rprop"] = Train.Fit(arch, data, Rules.Rprop().Get(), start, options).Get(),
            ["stochastic sgd"] = Train.Fit(arch, data, Rules.Sgd(0.05).Get(), start, Batched(Batching.WithReplacement(), 8)).Get(),
            ["mini-batch adam"] = Train.Fit(arch, data, Rules.Adam(0.01).Get(), start, Batched(Batching.Shuffled(5), 9)).Get(),
            ["lbfgs"] = Train.Minimize(arch, data, Minimizer.Lbfgs().Get(), start, options).Get(),
            ["cg"] = Train.Minimize(arch, data, Minimizer.ConjugateGradient().Get(), start, options).Get(),
            ["tnc"] = Train.Minimize(arch, data, Minimizer.TruncatedNewton().Get(), start, options).Get(),
            ["lm"] = Train.LeastSquares(arch, data, LevenbergMarquardt.Create().Get(), start, options).Get(),
        };
        var expected = traces.ToDictionary(t => t.Key, t => Fingerprint(t.Value));

        using var release = new Barrier(Threads);
        var mismatches = new List<string>[Threads];
        var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
        {
            mismatches[i] = [];
            release.SignalAndWait(); // every thread starts enumerating the shared traces at the same moment
            foreach (var (route, trace) in traces.Skip(i % traces.Count).Concat(traces.Take(i % traces.Count)))
                if (!Fingerprint(trace).SequenceEqual(expected[route])) mismatches[i].Add(route);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(mismatches, m => Assert.Empty(m));
    }

    // Every iterate's epoch, cost bits and parameter bits, in order.
    private static List<long> Fingerprint(IEnumerable<TrainingIterate<double>> trace) =>
        [.. trace.SelectMany(it => new[] { it.Epoch, BitConverter.DoubleToInt64Bits(it.TrainingCost) }
            .Concat(it.Parameters.Flat.ToArray().Select(BitConverter.DoubleToInt64Bits)))];
}
