using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;
using Xunit;
using static FunctionalNet.Tests.Support.WeightedCases;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// The sharing of a mini-batch's slots between processes, simulated by threads (<see cref="ThreadRanks"/>): every rank
/// holds the one-process gradient bit for bit at every power-of-two rank count dividing the slots, a stop wished by one
/// rank is seen by all at the same step, and a whole training run ends in the same parameters.
/// </summary>
public class SlotSharingProperties
{
    [Property(MaxTest = 40)]
    public Property Every_rank_holds_the_one_process_gradient_and_any_ranks_stop() =>
        Prop.ForAll(SlotCases.Any(), Gen.Choose(0, 3).ToArbitrary(), Gen.Choose(-1, 7).ToArbitrary(), (c, log, stopper) =>
        {
            int ranks = Math.Min(1 << log, c.Slots);
            var alone = c.Run(threads: 1);
            var shared = ThreadRanks.Run(ranks, exchange => c.Run(threads: 1, exchange, stop: exchange.Rank == stopper));
            bool stopped = stopper >= 0 && stopper < ranks;
            return shared.Select((r, k) =>
                    Bits(r.Gradient).SequenceEqual(Bits(alone.Gradient)).Label($"{c}, {ranks} ranks: rank {k}'s gradient differs")
                    .And((BitConverter.DoubleToInt64Bits(r.Cost) == BitConverter.DoubleToInt64Bits(alone.Cost)).Label($"{c}, {ranks} ranks: rank {k}'s cost differs"))
                    .And((r.StopAll == stopped).Label($"{c}, {ranks} ranks: rank {k} saw stop {r.StopAll}, rank {stopper} asked")))
                .Aggregate((a, b) => a.And(b));
        });

    [Theory]
    [InlineData(2, false)]
    [InlineData(4, true)]
    public void Adam_on_shared_batches_ends_in_the_one_process_parameters(int ranks, bool narrowDtype)
    {
        var c = RandomNetworks.Build(FunctionalNet.Model.Activations.Activation.Tanh, FunctionalNet.Model.Activations.Activation.Softmax,
            FunctionalNet.Model.Losses.Loss.CrossEntropy, 5, [20, 9], 3, 90, withL2: true, seed: 11);
        var rule = Rules.Adam(0.01).Get();
        TrainingOptions Options(SlotExchange? exchange) =>
            TrainingOptions.Create(3, Batching.Shuffled(24), Rng.Create(3), epochCost: EpochCost.RunningMean, dropout: Dropout.Create([0.2]).Get(),
                slots: 4, exchange: exchange).Get();
        if (narrowDtype)
        {
            var data = new Batch<float>(c.Batch.Features.Convert<float>(), c.Batch.Targets.Convert<float>());
            var a = Last(Train.Fit(c.Architecture, data, rule, c.Parameters.Convert<float>(), Options(null), data).Get());
            var s = ThreadRanks.Run(ranks, e => Last(Train.Fit(c.Architecture, data, rule, c.Parameters.Convert<float>(), Options(e), data).Get()));
            Assert.All(s, r => Assert.Equal(a.Parameters.Flat.ToArray().Select(BitConverter.SingleToInt32Bits), r.Parameters.Flat.ToArray().Select(BitConverter.SingleToInt32Bits)));
            return;
        }
        var alone = Last(Train.Fit(c.Architecture, c.Batch, rule, c.Parameters, Options(null), c.Batch).Get());
        var shared = ThreadRanks.Run(ranks, e => Last(Train.Fit(c.Architecture, c.Batch, rule, c.Parameters, Options(e), c.Batch).Get()));
        Assert.Equal(3, alone.Epoch);
        Assert.All(shared, r => Assert.Equal(Bits(alone.Parameters.Flat), Bits(r.Parameters.Flat)));
        Assert.All(shared, r => Assert.Equal(alone.ValidationCost, r.ValidationCost));
    }

    [Fact]
    public void A_stop_asked_by_one_rank_ends_every_rank_at_the_same_step()
    {
        var c = RandomNetworks.Build(FunctionalNet.Model.Activations.Activation.Relu, FunctionalNet.Model.Activations.Activation.Identity,
            FunctionalNet.Model.Losses.Loss.SquaredError, 3, [7], 2, 64, withL2: false, seed: 4);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var ends = ThreadRanks.Run(2, e => Last(Train.Fit(c.Architecture, c.Batch, Rules.Adam(0.01).Get(), c.Parameters,
            TrainingOptions.Create(5, Batching.Shuffled(16), slots: 2, exchange: e, cancellation: e.Rank == 1 ? cancel.Token : default).Get()).Get()));
        Assert.All(ends, r => Assert.Equal(StopKind.Interrupted, r.Stop?.Kind));
        Assert.All(ends, r => Assert.Equal(0, r.Step));
    }

    [Fact]
    public void Ranks_that_do_not_divide_the_slots_are_refused_in_one_error()
    {
        var c = RandomNetworks.Build(FunctionalNet.Model.Activations.Activation.Relu, FunctionalNet.Model.Activations.Activation.Identity,
            FunctionalNet.Model.Losses.Loss.SquaredError, 3, [7], 2, 64, withL2: false, seed: 4);
        var errors = ThreadRanks.Run(4, e => Train.Fit(c.Architecture, c.Batch, Rules.Adam(0.01).Get(), c.Parameters,
            TrainingOptions.Create(5, Batching.Shuffled(16), slots: 2, exchange: e).Get()).Match(_ => [], es => es.Select(x => x.Code).ToArray()));
        Assert.All(errors, codes => Assert.Equal(["training.slots"], codes));
    }

    private static TrainingIterate<T> Last<T>(IEnumerable<TrainingIterate<T>> trace) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        trace.Last();
}
