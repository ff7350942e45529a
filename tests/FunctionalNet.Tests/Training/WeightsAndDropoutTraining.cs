using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;
using static FunctionalNet.Tests.Support.WeightedCases;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// Sample weights and dropout through the engine, on every route: all-ones weights train exactly as no weights (full
/// batch, shuffled mini-batches with weights gathered with their rows, single samples, and the minimizers); weighted and
/// dropped-out runs are deterministic, the same at every thread count, and a continued run ends where the whole run does;
/// the minimizers refuse dropout.
/// </summary>
public sealed class WeightsAndDropoutTraining
{
    private static readonly Gen<Batching> Batchings = Gen.OneOf(
        Gen.Constant(Batching.Full),
        Gen.Choose(1, 12).Select(Batching.Shuffled),
        Gen.Choose(0, 15).Select(s => Batching.WithReplacement(s == 0 ? null : s)));

    private static readonly Gen<(string Name, double Rate)> RuleNames = Gen.Elements(("sgd", 0.3), ("momentum", 0.05), ("adam", 0.03), ("rmsprop", 0.01));

    private static Gen<(int Seed, Batching Batching, (string Name, double Rate) Rule, TExtra Extra)> Settings<TExtra>(Gen<TExtra> extra) =>
        from seed in Gen.Choose(0, int.MaxValue)
        from batching in Batchings
        from rule in RuleNames
        from more in extra
        select (seed, batching, rule, more);

    /// <summary>A 3-6-5-2 tanh/sigmoid network (two hidden layers, for per-layer rates) on 24 rows.</summary>
    private static NetworkCase Problem(int seed) =>
        RandomNetworks.Build(Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [6, 5], 2, 24, seed % 3 == 0, seed);

    private static string Fingerprint(TrainingIterate<double> it) =>
        $"epoch {it.Epoch} step {it.Step} cost {BitConverter.DoubleToInt64Bits(it.TrainingCost)} validation {it.ValidationCost?.GetHashCode()} " +
        $"θ {string.Join(",", Bits(it.Parameters.Flat))} state {RuleRunProperties.Describe<double>(it.RuleState)} stop {it.Stop?.Kind}";

    private static List<string> Trace(NetworkCase c, Batch<double> data, string rule, double rate, TrainingOptions options, TrainingStart<double>? start = null) =>
        [.. Train.Fit(c.Architecture, data, Rules.ByName(rule, rate).Get(), start ?? c.Parameters, options).Get().Select(Fingerprint)];

    [Property(MaxTest = 60)]
    public Property All_ones_weights_train_exactly_as_no_weights_on_every_first_order_route() =>
        Prop.ForAll(Settings(Gen.Elements(EpochCost.Exact, EpochCost.RunningMean)).ToArbitrary(), setting =>
            {
                var (seed, batching, rule, cost) = setting;
                var c = Problem(seed);
                var ones = With(c, [.. Enumerable.Repeat(1.0, c.Batch.Count)]);
                var options = TrainingOptions.Create(6, batching, Rng.Create((ulong)seed), epochCost: cost).Get();
                return Trace(c, c.Batch, rule.Name, rule.Rate, options).SequenceEqual(Trace(c, ones.Batch, rule.Name, rule.Rate, options))
                    .Label($"{c}, {rule.Name}, {batching}, {cost}");
            });

    [Property(MaxTest = 20)]
    public Property All_ones_weights_minimize_exactly_as_no_weights() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Elements("cg", "lbfgs", "tnc").ToArbitrary(), (seed, name) =>
        {
            var c = Problem(seed);
            var ones = With(c, [.. Enumerable.Repeat(1.0, c.Batch.Count)]);
            var minimizer = name switch { "cg" => Minimizer.ConjugateGradient().Get(), "lbfgs" => Minimizer.Lbfgs().Get(), _ => Minimizer.TruncatedNewton().Get() };
            var options = TrainingOptions.Create(8).Get();
            List<string> Run(Batch<double> data) => [.. Train.Minimize(c.Architecture, data, minimizer, c.Parameters, options).Get().Select(Fingerprint)];
            return Run(c.Batch).SequenceEqual(Run(ones.Batch)).Label($"{c}, {name}");
        });

    [Property(MaxTest = 60)]
    public Property Weighted_dropout_runs_are_deterministic_thread_independent_and_continue_exactly() =>
        Prop.ForAll(Settings(Gen.Choose(1, 5)).ToArbitrary(), setting =>
            {
                var (seed, batching, rule, cut) = setting;
                const int Epochs = 6;
                var c = Weighted(Problem(seed));
                var dropout = Dropout.Create(seed % 2 == 0 ? [0.3] : [0.2, 0.5]).Get();
                TrainingOptions Options(int epochs, int threads) =>
                    TrainingOptions.Create(epochs, batching, Rng.Create((ulong)seed), parallelism: new Parallelism(threads), dropout: dropout).Get();
                var whole = Trace(c, c.Batch, rule.Name, rule.Rate, Options(Epochs, 1));
                var again = Trace(c, c.Batch, rule.Name, rule.Rate, Options(Epochs, 3));
                var half = Train.Fit(c.Architecture, c.Batch, Rules.ByName(rule.Name, rule.Rate).Get(), c.Parameters, Options(cut, 2)).Get().Last();
                var continued = Trace(c, c.Batch, rule.Name, rule.Rate, Options(Epochs - cut, 2), TrainingStart<double>.ContinueFrom(half));
                // Without dropout the same run takes other steps: the masks are really applied.
                var undropped = Trace(c, c.Batch, rule.Name, rule.Rate, TrainingOptions.Create(Epochs, batching, Rng.Create((ulong)seed)).Get());
                return whole.SequenceEqual(again).Label($"{c}, {rule.Name}, {batching}: 1 and 3 threads differ")
                    .And(whole.Skip(cut).SequenceEqual(continued).Label($"{c}, {rule.Name}, {batching}: continued after {cut} differs"))
                    .And((whole[^1] != undropped[^1]).Label($"{c}, {rule.Name}, {batching}: dropout changed nothing"));
            });

    [Property(MaxTest = 10)]
    public Property Levenberg_Marquardt_with_all_ones_weights_is_the_unweighted_run_and_refuses_dropout() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            // Squared error, which LM needs: the residual scale √1/√m is the unweighted 1/√m bit for bit.
            var c = RandomNetworks.Build(Activation.Tanh, Activation.Identity, Loss.SquaredError, 2, [4], 1, 12, seed % 2 == 0, seed);
            var ones = With(c, [.. Enumerable.Repeat(1.0, c.Batch.Count)]);
            var options = TrainingOptions.Create(5).Get();
            List<string> Run(Batch<double> data) => [.. Train.LeastSquares(c.Architecture, data, LevenbergMarquardt.Create().Get(), c.Parameters, options).Get().Select(Fingerprint)];
            var refused = Train.LeastSquares(c.Architecture, c.Batch, LevenbergMarquardt.Create().Get(), c.Parameters,
                TrainingOptions.Create(5, dropout: Dropout.Create([0.2]).Get()).Get()).Errors();
            return Run(c.Batch).SequenceEqual(Run(ones.Batch)).Label($"{c}: weighted LM differs")
                .And((refused.Count == 1 && refused[0].Code == "training.dropout").Label("LM took dropout"));
        });

    [Fact]
    public void The_minimizers_refuse_dropout_and_a_rate_list_must_fit_the_hidden_layers()
    {
        var c = Problem(3);
        var dropout = TrainingOptions.Create(5, dropout: Dropout.Create([0.2]).Get()).Get();
        foreach (var minimizer in new[] { Minimizer.ConjugateGradient().Get(), Minimizer.Lbfgs().Get(), Minimizer.TruncatedNewton().Get() })
        {
            var error = Assert.Single(Train.Minimize(c.Architecture, c.Batch, minimizer, c.Parameters, dropout).Errors());
            Assert.Equal("training.dropout", error.Code);
            Assert.Contains("line searches", error.Message, StringComparison.Ordinal);
        }
        var three = TrainingOptions.Create(5, dropout: Dropout.Create([0.2, 0.1, 0.1]).Get()).Get();
        var misfit = Assert.Single(Train.Fit(c.Architecture, c.Batch, Rules.Adam(0.01).Get(), c.Parameters, three).Errors());
        Assert.Contains("one per hidden layer (2), found 3", misfit.Message, StringComparison.Ordinal);
        Assert.Equal(["dropout.rates"], Dropout.Create([1.0]).Errors().Select(e => e.Code));
        Assert.Equal(["dropout.rates"], Dropout.Create([-0.1]).Errors().Select(e => e.Code));
    }
}
