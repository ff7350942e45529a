using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// A starting cost given from outside (<see cref="TrainingOptions.StartingCost"/>) is read by the engine exactly when the
/// options say it is taken (<see cref="TrainingOptions.TakesStartingCost"/>): the one rule a reader asks before computing
/// one (a row cache's one-read verification), so the reader and the engine cannot disagree.
/// </summary>
public class StartingCostProperties
{
    // A cost no network gives: the first iterate reports it only when the engine took it.
    private const double Given = 12345.5;

    [Property(MaxTest = 60)]
    public Property The_engine_reads_a_given_starting_cost_exactly_when_the_options_say_it_takes_one() =>
        Prop.ForAll(RandomNetworks.Cases(Activation.Tanh, Loss.CrossEntropy, maxHidden: 2, maxWidth: 6).Generator
            .SelectMany(c => Gen.Elements(EpochCost.Exact, EpochCost.RunningMean, EpochCost.None), (c, cost) => (c, cost))
            .SelectMany(t => Gen.Choose(0, 3), (t, batching) => (t.c, t.cost, batching)).ToArbitrary(), t =>
        {
            var (c, cost, kind) = t;
            int rows = Math.Max(1, c.Batch.Count / 2);
            var batching = kind switch { 0 => Batching.Full, 1 => Batching.WithReplacement(2), _ => Batching.Shuffled(rows) };
            var options = TrainingOptions.Create(maxEpochs: 1, batching: batching, epochCost: cost, sharded: kind == 3).Get().WithStartingCost(Given);
            var first = Train.Fit(c.Architecture, c.Batch, Rules.ByName("sgd", 0.01).Get(), new TrainingStart<double>(c.Parameters), options).Get().First();
            return ((first.TrainingCost == Given) == options.TakesStartingCost)
                .Label($"{cost}, {batching}, sharded {kind == 3}: takes {options.TakesStartingCost}, first cost {first.TrainingCost}");
        });
}
