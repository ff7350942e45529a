using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>The training fold: every route, determinism, partial fit, divergence, validation, early stopping.</summary>
public sealed class TrainingTests
{
    private static readonly Architecture Net = Architecture.Mlp([2, 4, 1], Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy).Get();

    /// <summary>Two noisy interleaved clusters (XOR-like), 40 samples, from a fixed seed.</summary>
    private static Batch<double> Data(ulong seed = 1, int m = 40)
    {
        var rng = Rng.Create(seed);
        var x = new double[m * 2];
        rng.FillNormal<double>(x, 0, 0.3);
        var y = new double[m];
        for (int i = 0; i < m; i++)
        {
            int a = i % 2, b = (i / 2) % 2;
            x[2 * i] += a;
            x[2 * i + 1] += b;
            y[i] = a ^ b;
        }
        return new Batch<double>(Matrix<double>.Create(m, 2, x), Matrix<double>.Create(m, 1, y));
    }

    /// <summary>A random <paramref name="held"/> rows as the validation batch, the rest for training (what Holdout.Split did).</summary>
    private static (Batch<double> Train, Batch<double> Validation) Holdout(Batch<double> data, int held, Rng rng)
    {
        var order = rng.Permutation(data.Count);
        Batch<double> Rows(int[] rows) => new(data.Features.SelectRows(rows), data.Targets.SelectRows(rows));
        return (Rows(order[held..]), Rows(order[..held]));
    }

    private static Parameters<double> Start(ulong seed = 7) => Initializer.Xavier.Initialize<double>(Net, Rng.Create(seed));

    private static TrainingOptions Epochs(int n, Batching? batching = null, ulong seed = 0, PlateauPolicy? plateau = null, int patience = 0,
        double tolerance = 1e-4) =>
        TrainingOptions.Create(n, batching, Rng.Create(seed), patience, tolerance, plateau: plateau).Get();

    [Fact]
    public void Every_route_starts_at_epoch_zero_lowers_the_cost_and_ends_with_a_stop_reason()
    {
        var data = Data();
        var traces = new Dictionary<string, List<TrainingIterate<double>>>
        {
            ["full-batch"] = Train.Fit(Net, data, Rules.Rprop().Get(), Start(), Epochs(30)).Get().ToList(),
            ["stochastic"] = Train.Fit(Net, data, Rules.Sgd(0.1).Get(), Start(), Epochs(30, Batching.WithReplacement(), 5)).Get().ToList(),
            ["mini-batch"] = Train.Fit(Net, data, Rules.Adam(0.02).Get(), Start(), Epochs(30, Batching.Shuffled(8), 5)).Get().ToList(),
            ["lbfgs"] = Train.Minimize(Net, data, Minimizer.Lbfgs().Get(), Start(), Epochs(30)).Get().ToList(),
        };
        foreach (var (route, trace) in traces)
        {
            Assert.Equal(0, trace[0].Epoch);
            Assert.True(trace[^1].TrainingCost < trace[0].TrainingCost, $"{route}: {trace[0].TrainingCost} → {trace[^1].TrainingCost}");
            Assert.All(trace[..^1], it => Assert.Null(it.Stop));
            Assert.NotNull(trace[^1].Stop);
            Assert.Equal(Network.Cost(Net, trace[^1].Parameters, data), trace[^1].TrainingCost, 12);
        }
        Assert.Equal(30, traces["mini-batch"][^1].Epoch);
        Assert.Equal(30 * 5, traces["mini-batch"][^1].Step); // 40 samples in batches of 8
        Assert.Equal(30 * 40, traces["stochastic"][^1].Step);
        Assert.Equal(StopKind.MaxIterations, traces["full-batch"][^1].Stop!.Kind);
        Assert.Equal(0.02, traces["mini-batch"][^1].LearningRate);
    }

    [Fact]
    public void The_same_seed_gives_a_bit_identical_trace_and_another_seed_does_not()
    {
        var data = Data();
        List<TrainingIterate<double>> Run(ulong seed) =>
            Train.Fit(Net, data, Rules.Momentum(0.05).Get(), Start(), Epochs(8, Batching.Shuffled(5), seed)).Get().ToList();
        var a = Run(11);
        var b = Run(11);
        var c = Run(12);
        Assert.Equal(a.Select(i => i.TrainingCost), b.Select(i => i.TrainingCost));
        Assert.True(a[^1].Parameters.Flat.SequenceEqual(b[^1].Parameters.Flat));
        Assert.False(a[^1].Parameters.Flat.SequenceEqual(c[^1].Parameters.Flat));
    }

    [Fact]
    public void Traces_are_lazy_and_can_be_enumerated_twice()
    {
        var data = Data();
        var trace = Train.Fit(Net, data, Rules.Adam(0.01).Get(), Start(), Epochs(5, Batching.WithReplacement(), 2)).Get();
        var first = trace.Take(3).Select(i => i.TrainingCost).ToList();
        var again = trace.Take(3).Select(i => i.TrainingCost).ToList();
        Assert.Equal(first, again);
    }

    [Fact]
    public void Partial_fit_continues_exactly_where_the_run_stopped()
    {
        var data = Data();
        var rule = Rules.Adam(Schedules.Exponential(0.05, 0.9, 10).Get()).Get();
        var whole = Train.Fit(Net, data, rule, Start(), Epochs(10, Batching.Shuffled(8), 3)).Get().Last();
        var half = Train.Fit(Net, data, rule, Start(), Epochs(5, Batching.Shuffled(8), 3)).Get().Last();
        var resumed = Train.Fit(Net, data, rule, TrainingStart<double>.ContinueFrom(half), Epochs(5, Batching.Shuffled(8), 3)).Get().Last();
        Assert.Equal(10, resumed.Epoch);
        Assert.Equal(whole.Step, resumed.Step);
        Assert.True(whole.Parameters.Flat.SequenceEqual(resumed.Parameters.Flat));

        // Continuing on new data (partial fit) starts from the old parameters and state.
        var more = Train.Fit(Net, Data(99), rule, TrainingStart<double>.ContinueFrom(half), Epochs(1, Batching.Shuffled(8), 3)).Get().ToList();
        Assert.True(more[0].Parameters.Flat.SequenceEqual(half.Parameters.Flat));
    }

    [Theory]
    [InlineData("cg")]
    [InlineData("lbfgs")]
    [InlineData("tnc")]
    public void A_minimizer_run_continued_from_a_recorded_iterate_equals_the_uninterrupted_run(string method)
    {
        var data = Data();
        var minimizer = Optimization.MinimizerConvergenceTests.Create(method, StoppingRules.Create(gradientTolerance: 1e-12, functionTolerance: 0).Get());
        var whole = Train.Minimize(Net, data, minimizer, Start(), Epochs(12)).Get().ToList();
        var half = Train.Minimize(Net, data, minimizer, Start(), Epochs(6), statesEvery: 3).Get().Last();
        Assert.NotNull(half.MinimizerState);
        var resumed = Train.Minimize(Net, data, minimizer, TrainingStart<double>.ContinueFrom(half), Epochs(6)).Get().ToList();
        Assert.Equal(6, resumed[0].Epoch);
        Assert.Equal(whole[^1].Epoch, resumed[^1].Epoch);
        Assert.Equal(whole[^1].Evaluations, resumed[^1].Evaluations);
        Assert.True(whole[^1].Parameters.Flat.SequenceEqual(resumed[^1].Parameters.Flat));

        // A state of another minimizer is an error value before anything runs.
        var other = Optimization.MinimizerConvergenceTests.Create(method == "cg" ? "lbfgs" : "cg", StoppingRules.Default);
        Assert.True(Train.Minimize(Net, data, other, TrainingStart<double>.ContinueFrom(half)).IsFail);
    }

    [Fact]
    public void A_diverging_run_ends_with_a_reason_naming_the_step_and_keeps_finite_parameters()
    {
        var regression = Architecture.Mlp([2, 4, 1], Activation.Relu, Activation.Identity, Loss.SquaredError).Get();
        var data = Data();
        var start = Initializer.Xavier.Initialize<double>(regression, Rng.Create(1));
        var trace = Train.Fit(regression, data, Rules.Sgd(1e3).Get(), start, Epochs(500)).Get().ToList();
        var last = trace[^1];
        Assert.Equal(StopKind.Diverged, last.Stop!.Kind);
        Assert.Contains("at step", last.Stop.Message);
        Assert.Contains("smaller learning rate", last.Stop.Message);
        Assert.True(trace.Count < 500);
        Assert.True(double.IsFinite(last.TrainingCost));
        Assert.All(last.Parameters.Flat.ToArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Validation_cost_early_stopping_and_restore_best()
    {
        var (train, validation) = Holdout(Data(m: 60), 15, Rng.Create(4));
        var trace = Train.Fit(Net, train, Rules.Adam(0.05).Get(), Start(), Epochs(400, Batching.Shuffled(9), 8, patience: 5, tolerance: 1e-3), validation).Get()
            .RestoreBest()
            .ToList();
        var last = trace[^1];
        Assert.All(trace, it => Assert.NotNull(it.ValidationCost));
        Assert.Equal(StopKind.NoImprovement, last.Stop!.Kind);
        Assert.True(trace.Count < 400, "the validation cost should stop improving well before 400 epochs");
        // The restored iterate is the best of the trace, its own epoch and cost included.
        var best = trace[..^1].MinBy(i => i.ValidationCost!.Value)!;
        Assert.Equal(best.Epoch, last.Epoch);
        Assert.Equal(best.ValidationCost, last.ValidationCost);
        Assert.Equal(Network.Cost(Net, last.Parameters, validation), last.ValidationCost!.Value, 12);
    }

    [Fact]
    public void Restored_replaces_the_last_iterate_by_the_best_with_its_own_epoch()
    {
        // Hand-made costs: best 0.4 at epoch 5; the stop at epoch 8 is kept in the message.
        var p = Start();
        var costs = new[] { 1.0, 0.5, 0.6, 0.45, 0.55, 0.4, 0.45, 0.41, 0.42 };
        var iterates = new List<TrainingIterate<double>>();
        foreach (var (c, i) in costs.Select((c, i) => (c, i)))
        {
            var it = new TrainingIterate<double>(i, i, p, c, null, 0.1, i, null, i == costs.Length - 1 ? new StopReason(StopKind.NoImprovement, "stale") : null);
            var before = iterates.LastOrDefault()?.Best;
            iterates.Add(before is null || c < before.MonitoredCost ? it : it with { Best = before });
        }
        var restored = iterates.RestoreBest().ToList();
        Assert.Equal(costs.Length, restored.Count);
        Assert.Equal(0.4, restored[^1].TrainingCost);
        Assert.Equal(5, restored[^1].Epoch);
        Assert.Equal(StopKind.NoImprovement, restored[^1].Stop!.Kind);
        Assert.Contains("at epoch 8", restored[^1].Stop!.Message);
        Assert.Contains("from epoch 5", restored[^1].Stop!.Message);
        Assert.Equal(iterates[..^1], restored[..^1]);
    }

    [Fact]
    public void Plateau_policy_shrinks_the_reported_learning_rate()
    {
        // A rate so small the cost cannot improve by tol: after every 2 stale epochs the multiplier drops by 5.
        var trace = Train.Fit(Net, Data(), Rules.Sgd(1e-9).Get(), Start(), Epochs(6, plateau: PlateauPolicy.Create().Get())).Get().ToList();
        var rates = trace.Skip(1).Select(i => i.LearningRate).ToList();
        Assert.Equal(1e-9, rates[0]);
        Assert.Equal(1e-9, rates[1]);
        Assert.Equal(1e-9, rates[2], 1e-24);
        Assert.Equal(0.2e-9, rates[3], 1e-24);
        Assert.Equal(0.04e-9, rates[5], 1e-24);
    }

    [Fact]
    public void Bad_inputs_are_errors_not_exceptions()
    {
        var data = Data();
        Assert.Equal(["training.batching"], TrainingOptions.Create(batching: Batching.Shuffled(0)).Errors().Select(e => e.Code));
        Assert.Equal(["training.batching"], TrainingOptions.Create(batching: Batching.WithReplacement(0)).Errors().Select(e => e.Code));
        var wide = new Batch<double>(Matrix<double>.Zeros(4, 3), Matrix<double>.Zeros(4, 2));
        Assert.Equal(["training.features", "training.targets"], Train.Fit(Net, wide, Rules.Sgd(0.1).Get(), Start()).Errors().Select(e => e.Code));
        Assert.Equal(["validation.features", "validation.targets"], Train.Fit(Net, data, Rules.Sgd(0.1).Get(), Start(), validation: wide).Errors().Select(e => e.Code));
        Assert.Equal(["training.max-epochs", "training.patience", "training.tolerance"],
            TrainingOptions.Create(0, patience: -1, tolerance: double.NaN).Errors().Select(e => e.Code));
        // Early stopping with no cost to watch is refused before anything runs.
        var blind = TrainingOptions.Create(5, patience: 2, epochCost: EpochCost.None).Get();
        Assert.Equal(["training.patience"], Train.Fit(Net, data, Rules.Sgd(0.1).Get(), Start(), blind).Errors().Select(e => e.Code));
        // A state of another precision is refused too.
        var floatState = Rules.Adam(0.1).Get().Init<float>(Net.Layout.Count);
        Assert.Equal(["training.rule-state"], Train.Fit(Net, data, Rules.Adam(0.1).Get(), new TrainingStart<double>(Start(), floatState)).Errors().Select(e => e.Code));
    }

    [Fact]
    public void Traces_run_concurrently_match_the_sequential_trace_bit_for_bit()
    {
        // Nothing mutable is shared between enumerations: eight threads enumerating the same trace values agree exactly.
        var data = Data();
        var mini = Train.Fit(Net, data, Rules.Adam(0.02).Get(), Start(), Epochs(6, Batching.Shuffled(8), 21)).Get();
        var tnc = Train.Minimize(Net, data, Minimizer.TruncatedNewton().Get(), Start(), Epochs(6)).Get();
        var expectedMini = mini.Last().Parameters.Flat.ToArray();
        var expectedTnc = tnc.Last().Parameters.Flat.ToArray();
        var results = new (double[] Mini, double[] Tnc)[8];
        Parallel.For(0, results.Length, i => results[i] = (mini.Last().Parameters.Flat.ToArray(), tnc.Last().Parameters.Flat.ToArray()));
        Assert.All(results, r =>
        {
            Assert.Equal(expectedMini, r.Mini);
            Assert.Equal(expectedTnc, r.Tnc);
        });
    }
}
