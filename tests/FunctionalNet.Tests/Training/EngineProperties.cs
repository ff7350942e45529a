using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// The engine's promises over random networks, rules and batchings: restore-best reports what it keeps, patience stops
/// where scikit-learn's rule says, float32 trains with every rule, runs are deterministic and continue exactly,
/// cancellation and divergence end the trace cleanly.
/// </summary>
public sealed class EngineProperties
{
    /// <summary>One random setting of the first-order route.</summary>
    public sealed record Setting(int Seed, Batching Batching, string RuleName, double Rate, bool WithValidation)
    {
        public UpdateRule Rule => Rules.ByName(RuleName, Rate).Get();

        public override string ToString() => $"{RuleName}({Rate}), {Batching}, seed {Seed}, validation {WithValidation}";
    }

    private static readonly Gen<Batching> Batchings = Gen.OneOf(
        Gen.Constant(Batching.Full),
        Gen.Choose(1, 12).Select(Batching.Shuffled),
        Gen.Choose(0, 15).Select(s => Batching.WithReplacement(s == 0 ? null : s)));

    // Rates that learn without diverging on the problems below, so the properties are about the engine's bookkeeping.
    private static readonly Gen<(string, double)> RuleNames = Gen.Elements(
        ("sgd", 0.3), ("momentum", 0.05), ("nesterov", 0.05), ("adam", 0.03), ("adamw", 0.03), ("rmsprop", 0.01), ("adagrad", 0.1), ("rprop", 0.0));

    private static readonly Gen<Setting> Settings =
        from seed in Gen.Choose(0, int.MaxValue)
        from batching in Batchings
        from rule in RuleNames
        from validation in Gen.Elements(true, false)
        select new Setting(seed, batching, rule.Item1, rule.Item2, validation);

    /// <summary>A 3-6-2 tanh/sigmoid network on 24 noisy training rows and 8 validation rows (so validation costs rise: overfitting).</summary>
    private static (Architecture Net, Batch<double> Train, Batch<double> Validation, Parameters<double> Start) Problem(int seed)
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [6], 2, 32, seed % 3 == 0, seed);
        Batch<double> Rows(int from, int to)
        {
            int[] rows = [.. Enumerable.Range(from, to - from)];
            return new(c.Batch.Features.SelectRows(rows), c.Batch.Targets.SelectRows(rows));
        }
        return (c.Architecture, Rows(0, 24), Rows(24, 32), c.Parameters);
    }

    private static List<TrainingIterate<double>> Run(Setting s, int maxEpochs, int patience = 0, double tolerance = 1e-4, PlateauPolicy? plateau = null,
        TrainingStart<double>? start = null, CancellationToken cancellation = default)
    {
        var (net, train, validation, theta) = Problem(s.Seed);
        var options = TrainingOptions.Create(maxEpochs, s.Batching, Rng.Create((ulong)s.Seed + 1), patience, tolerance, plateau: plateau, cancellation: cancellation).Get();
        return [.. Train.Fit(net, train, s.Rule, start ?? theta, options, s.WithValidation ? validation : null).Get()];
    }

    private static bool SameBits<T>(Parameters<T> a, Parameters<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        RuleRunProperties.Bits(a.Flat).SequenceEqual(RuleRunProperties.Bits(b.Flat));

    private static long Bits(double? value) => value is { } v ? BitConverter.DoubleToInt64Bits(v) : 1;

    /// <summary>Everything an iterate says except the evaluation count (a continued enumeration counts its own) and the stop message.</summary>
    private static string Fingerprint(TrainingIterate<double> it, bool withRate = true) =>
        $"epoch {it.Epoch} step {it.Step} cost {Bits(it.TrainingCost)} validation {Bits(it.ValidationCost)} rate {(withRate ? Bits(it.LearningRate) : 0)} " +
        $"θ {string.Join(",", RuleRunProperties.Bits(it.Parameters.Flat))} state {RuleRunProperties.Describe<double>(it.RuleState)} " +
        $"best {it.Best.Epoch} {Bits(it.Best.MonitoredCost)} {string.Join(",", RuleRunProperties.Bits(it.Best.Parameters.Flat))} " +
        $"stale {it.StaleEpochs} plateau {it.Plateau} stop {it.Stop?.Kind}";

    /// <summary>Equal fingerprints, iterate by iterate; a failure shows the first differing iterate from where it differs.</summary>
    private static void SameTrace(IEnumerable<TrainingIterate<double>> expected, IEnumerable<TrainingIterate<double>> actual, bool firstRate = true)
    {
        var (e, a) = (expected.Select((it, i) => Fingerprint(it, i > 0 || firstRate)).ToList(), actual.Select((it, i) => Fingerprint(it, i > 0 || firstRate)).ToList());
        for (int i = 0; i < Math.Min(e.Count, a.Count); i++)
        {
            if (e[i] == a[i]) continue;
            int at = e[i].Zip(a[i]).TakeWhile(p => p.Item1 == p.Item2).Count();
            Assert.Fail($"iterate {i} differs at character {at}:\n expected …{e[i][Math.Max(0, at - 40)..]}\n actual   …{a[i][Math.Max(0, at - 40)..]}");
        }
        Assert.Equal(e.Count, a.Count);
    }

    [Property(MaxTest = 120)]
    public Property Restore_best_keeps_the_lowest_monitored_cost_and_reports_its_own_epoch_costs_and_the_stop() =>
        Prop.ForAll(Settings.ToArbitrary(), Gen.Choose(0, 4).ToArbitrary(), Gen.Choose(3, 25).ToArbitrary(), (s, patience, epochs) =>
        {
            var (net, train, validation, _) = Problem(s.Seed);
            var trace = Run(s, epochs, patience, 1e-3);
            var (net2, train2, validation2, start) = Problem(s.Seed);
            var options = TrainingOptions.Create(epochs, s.Batching, Rng.Create((ulong)s.Seed + 1), patience, 1e-3).Get();
            var restored = Train.Fit(net2, train2, s.Rule, start, options, s.WithValidation ? validation2 : null).Get().RestoreBest().ToList();
            var (kept, last) = (restored[^1], trace[^1]);

            // Everything before the last iterate passes through untouched.
            Assert.Equal(trace.Count, restored.Count);
            Assert.Equal(trace[..^1].Select(i => Fingerprint(i)), restored[..^1].Select(i => Fingerprint(i)));

            // The kept iterate is the first with the lowest monitored cost, and its epoch is the one that held its parameters.
            var lowest = trace.MinBy(i => s.WithValidation ? i.ValidationCost!.Value : i.TrainingCost)!;
            Assert.Equal(lowest.Epoch, kept.Epoch);
            Assert.Equal(kept.Epoch, trace.First(i => SameBits(i.Parameters, kept.Parameters)).Epoch);

            // Its costs are those of its parameters (full batches compute the training cost through backpropagation, not the forward pass).
            double cost = Network.Cost(net, kept.Parameters, train);
            if (s.Batching is Batching.FullBatch) Assert.Equal(cost, kept.TrainingCost, Math.Abs(cost) * 1e-13);
            else Assert.Equal(cost, kept.TrainingCost);
            Assert.Equal(s.WithValidation ? Network.Cost(net, kept.Parameters, validation) : null, kept.ValidationCost);

            // The stop is the last iterate's, and names the stopping epoch when the kept one is earlier.
            Assert.Equal(last.Stop!.Kind, kept.Stop!.Kind);
            if (kept.Epoch == last.Epoch) Assert.Equal(last.Stop, kept.Stop);
            else
            {
                Assert.Contains($"at epoch {last.Epoch}", kept.Stop.Message, StringComparison.Ordinal);
                Assert.Contains($"from epoch {kept.Epoch}", kept.Stop.Message, StringComparison.Ordinal);
            }
        });

    [Property(MaxTest = 150)]
    public Property Patience_stops_at_the_first_epoch_that_completes_p_stale_epochs_by_scikit_learns_rule() =>
        Prop.ForAll(Settings.ToArbitrary(), Gen.Choose(1, 5).ToArbitrary(), Gen.Elements(0, 1e-4, 1e-3, 1e-2).ToArbitrary(), (s, patience, tolerance) =>
        {
            const int Epochs = 30;
            var free = Run(s, Epochs, 0, tolerance);
            var stopped = Run(s, Epochs, patience, tolerance);

            // The expected stop, from the costs of the run without patience, by scikit-learn's code: stale when cost > best − tol.
            double Monitored(TrainingIterate<double> i) => s.WithValidation ? i.ValidationCost!.Value : i.TrainingCost;
            double best = Monitored(free[0]);
            int stale = 0, expected = -1;
            foreach (var it in free.Skip(1).Where(i => i.Stop?.Kind != StopKind.Diverged))
            {
                double cost = Monitored(it);
                stale = cost > best - tolerance ? stale + 1 : 0;
                best = Math.Min(best, cost);
                Assert.Equal(stale, it.StaleEpochs);
                if (stale >= patience) { expected = it.Epoch; break; }
            }

            Assert.Equal(free.Take(stopped.Count - 1).Select(i => Fingerprint(i)), stopped.Take(stopped.Count - 1).Select(i => Fingerprint(i)));
            if (expected < 0 || expected == Epochs)
            {
                // Never stale for long enough (or only at the budget, which wins): the run is the free run.
                Assert.Equal(free.Count, stopped.Count);
                Assert.Equal(free[^1].Stop!.Kind, stopped[^1].Stop!.Kind);
            }
            else
            {
                Assert.Equal(expected, stopped[^1].Epoch);
                Assert.Equal(expected + 1, stopped.Count);
                Assert.Equal(StopKind.NoImprovement, stopped[^1].Stop!.Kind);
                Assert.EndsWith($"for {patience} epochs", stopped[^1].Stop!.Message, StringComparison.Ordinal);
            }
        });

    public static TheoryData<string> RuleNamesData() => [.. Rules.Names];

    [Theory]
    [MemberData(nameof(RuleNamesData))]
    public void Float32_training_lowers_the_cost_with_every_rule_and_keeps_float32_state(string name)
    {
        // As the float64 rule test: 20 full-batch epochs on random 3-5-2 tanh/sigmoid networks, but through Train.Fit<float>.
        var rule = Rules.ByName(name, 0.05).Get();
        Properties.Check(Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Batchings.ToArbitrary(), (seed, batching) =>
        {
            var c = RandomNetworks.Build(Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [5], 2, 16, seed % 2 == 0, seed);
            var data = new Batch<float>(c.Batch.Features.Convert<float>(), c.Batch.Targets.Convert<float>());
            // Rprop is a full-batch rule: its sign test needs the same gradient twice.
            var options = TrainingOptions.Create(20, name == "rprop" ? Batching.Full : batching, Rng.Create((ulong)seed)).Get();
            var trace = Train.Fit(c.Architecture, data, rule, c.Parameters.Convert<float>(), options).Get().ToList();
            var (first, last) = (trace[0], trace[^1]);
            Assert.Equal(StopKind.MaxIterations, last.Stop!.Kind);
            Assert.True(last.TrainingCost < first.TrainingCost, $"{rule}, {options.Batching} on {c}: {first.TrainingCost} → {last.TrainingCost}");
            Assert.Equal((double)Network.Cost(c.Architecture, last.Parameters, data), last.TrainingCost, Math.Abs(last.TrainingCost) * 1e-5);
            Assert.Null(rule.StateProblem<float>(last.RuleState!, c.Architecture.Layout.Count));
        }), cases: 12);
    }

    [Property(MaxTest = 150)]
    public Property The_same_inputs_give_bit_identical_traces_and_a_continued_run_ends_where_the_whole_run_does() =>
        Prop.ForAll(Settings.ToArbitrary(), Gen.Choose(2, 8).ToArbitrary(), Gen.Choose(1, 7).Zip(Gen.Elements(true, false)).ToArbitrary(),
            (s, epochs, more) =>
            {
                var (cut, withPlateau) = more;
                int k = Math.Min(cut, epochs - 1);
                // A tolerance of 1e-2 makes stale epochs and plateau cuts common, so their counters are really carried over.
                var plateau = withPlateau ? PlateauPolicy.Create(0.5, 1, 1e-2).Get() : null;
                var whole = Run(s, epochs, 0, 1e-2, plateau);
                var again = Run(s, epochs, 0, 1e-2, plateau);
                Assert.Equal(whole.Select(i => Fingerprint(i)), again.Select(i => Fingerprint(i)));
                Assert.Equal(StopKind.MaxIterations, whole[^1].Stop!.Kind);

                var half = Run(s, k, 0, 1e-2, plateau)[^1];
                Assert.Equal(k, half.Epoch);
                var continued = Run(s, epochs - k, 0, 1e-2, plateau, TrainingStart<double>.ContinueFrom(half));
                // Every iterate agrees, the continued start's learning rate included (the multiplier its last step used travels with it).
                SameTrace(whole.Skip(k), continued);
            });

    [Property(MaxTest = 60)]
    public Property Reporting_every_k_epochs_yields_those_epochs_of_the_every_epoch_trace_and_the_last() =>
        Prop.ForAll(Settings.ToArbitrary(), Gen.Choose(2, 7).ToArbitrary(), Gen.Elements(EpochCost.Exact, EpochCost.RunningMean, EpochCost.None).ToArbitrary(),
            (s, k, cost) =>
            {
                const int Epochs = 17;
                var (net, train, validation, theta) = Problem(s.Seed);
                List<TrainingIterate<double>> Trace(int every) =>
                [
                    .. Train.Fit(net, train, s.Rule, theta,
                        TrainingOptions.Create(Epochs, s.Batching, Rng.Create((ulong)s.Seed + 1), epochCost: cost, reportEvery: every).Get(),
                        s.WithValidation ? validation : null).Get(),
                ];
                var every = Trace(1);
                var sparse = Trace(k);
                // Without early stopping or a plateau policy, skipping reports changes nothing but what is handed out.
                var expected = every.Where(it => it.Epoch % k == 0 || it.Epoch == Epochs).ToList();
                Assert.Equal(expected.Select(it => it.Epoch), sparse.Select(it => it.Epoch));
                foreach (var (e, a) in expected.Zip(sparse))
                {
                    Assert.True(SameBits(e.Parameters, a.Parameters), $"epoch {e.Epoch}");
                    Assert.Equal(e.Step, a.Step);
                    Assert.Equal(Bits(e.ValidationCost), Bits(a.ValidationCost));
                    if (cost != EpochCost.None) Assert.Equal(Bits(e.TrainingCost), Bits(a.TrainingCost));
                }
                Assert.Equal(StopKind.MaxIterations, sparse[^1].Stop!.Kind);
            });

    [Fact]
    public void A_pre_cancelled_run_yields_the_start_then_one_interrupted_iterate_with_the_start_parameters()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var (net, train, _, start) = Problem(5);
        var options = TrainingOptions.Create(10, cancellation: cancelled.Token).Get();
        var routes = new Dictionary<string, IEnumerable<TrainingIterate<double>>>
        {
            ["full"] = Train.Fit(net, train, Rules.Adam(0.01).Get(), start, options).Get(),
            ["lbfgs"] = Train.Minimize(net, train, Minimizer.Lbfgs().Get(), start, options).Get(),
        };
        foreach (var batching in new[] { Batching.Shuffled(5), Batching.WithReplacement() })
            routes[batching.ToString()] = Train.Fit(net, train, Rules.Sgd(0.1).Get(), start,
                TrainingOptions.Create(10, batching, cancellation: cancelled.Token).Get()).Get();
        foreach (var (route, trace) in routes)
        {
            var all = trace.ToList();
            Assert.True(all.Count == 2, $"{route}: {all.Count} iterates");
            Assert.Equal([0, 0], all.Select(i => i.Epoch));
            Assert.Null(all[0].Stop);
            Assert.Equal(StopKind.Interrupted, all[1].Stop!.Kind);
            Assert.True(SameBits(start, all[1].Parameters), route);
            Assert.Equal(0, all[1].Step);
        }
    }

    [Property(MaxTest = 60)]
    public Property Cancelling_after_an_epoch_repeats_that_epoch_as_interrupted_and_nothing_else_changes() =>
        Prop.ForAll(Settings.ToArbitrary(), Gen.Choose(0, 6).ToArbitrary(), (s, at) =>
        {
            var whole = Run(s, 8);
            using var source = new CancellationTokenSource();
            var (net, train, validation, start) = Problem(s.Seed);
            var options = TrainingOptions.Create(8, s.Batching, Rng.Create((ulong)s.Seed + 1), cancellation: source.Token).Get();
            var seen = new List<TrainingIterate<double>>();
            foreach (var it in Train.Fit(net, train, s.Rule, start, options, s.WithValidation ? validation : null).Get())
            {
                seen.Add(it);
                if (it.Epoch == at) source.Cancel();
            }
            Assert.Equal(at + 2, seen.Count);
            Assert.Equal(whole.Take(at + 1).Select(i => Fingerprint(i)), seen.Take(at + 1).Select(i => Fingerprint(i)));
            var interrupted = seen[^1];
            Assert.Equal(StopKind.Interrupted, interrupted.Stop!.Kind);
            Assert.Equal(Fingerprint(seen[^2] with { Stop = interrupted.Stop }), Fingerprint(interrupted));
            Assert.Contains($"during epoch {at + 1}", interrupted.Stop.Message, StringComparison.Ordinal);
        });

    [Property(MaxTest = 40)]
    public Property A_huge_learning_rate_ends_diverged_with_the_last_finite_parameters_in_both_precisions() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Batchings.ToArbitrary(), Gen.Elements(1e4, 1e8).ToArbitrary(), (seed, batching, rate) =>
        {
            // An identity output under squared error: the output bias alone grows by a factor of about the rate per step.
            var c = RandomNetworks.Build(Activation.Tanh, Activation.Identity, Loss.SquaredError, 2, [5], 1, 20, false, seed);
            var options = TrainingOptions.Create(300, batching, Rng.Create((ulong)seed)).Get();
            Diverges(Train.Fit(c.Architecture, c.Batch, Rules.Sgd(rate).Get(), c.Parameters, options).Get().ToList(), $"float64 {c}, {batching}, rate {rate}");
            var data32 = new Batch<float>(c.Batch.Features.Convert<float>(), c.Batch.Targets.Convert<float>());
            Diverges(Train.Fit(c.Architecture, data32, Rules.Sgd(rate).Get(), c.Parameters.Convert<float>(), options).Get().ToList(), $"float32 {c}, {batching}, rate {rate}");
        });

    private static void Diverges<T>(List<TrainingIterate<T>> trace, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var last = trace[^1];
        Assert.True(last.Stop?.Kind == StopKind.Diverged, $"{what}: {last.Stop} after {trace.Count} iterates");
        Assert.Contains("smaller learning rate", last.Stop!.Message, StringComparison.Ordinal);
        Assert.All(trace, it => Assert.True(double.IsFinite(it.TrainingCost) && RuleRunProperties.Bits(it.Parameters.Flat).All(b => double.IsFinite(BitConverter.Int64BitsToDouble(b))),
            $"{what}: epoch {it.Epoch} is not finite"));
        // The diverged iterate repeats the last completed epoch: same epoch number and parameters.
        Assert.True(trace.Count >= 2, what);
        Assert.Equal(trace[^2].Epoch, last.Epoch);
        Assert.True(SameBits(trace[^2].Parameters, last.Parameters), what);
    }
}
