using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;
using Xunit;
using static FunctionalNet.Tests.Support.WeightedCases;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// Sharded sampling (<see cref="ShardedOrder"/>): every epoch is a permutation whose batches take slot s's rows from shard
/// s only, shards that depend on the row and slot counts alone; a shared sharded run (threads as ranks) gathers only its
/// slots' shards and ends in the one-process sharded run's parameters at every rank count.
/// </summary>
public class ShardedOrderProperties
{
    [Property(MaxTest = 200)]
    public Property An_epoch_is_a_permutation_whose_slots_draw_from_their_own_shards() =>
        Prop.ForAll(Epochs(), e =>
            {
                var (slots, m, batch, seed) = e;
                var order = new int[m];
                ShardedOrder.Fill(Rng.Create(seed).Fork(7), batch, slots, order, new int[m]);
                bool inShards = true;
                for (int start = 0; start < m; start += batch)
                {
                    int c = Math.Min(batch, m - start);
                    for (int s = 0; s < slots; s++)
                    {
                        var (first, count) = ShardedOrder.Shard(m, slots, s);
                        for (int i = (int)((long)s * c / slots); i < (int)((long)(s + 1) * c / slots); i++)
                            inShards &= order[start + i] >= first && order[start + i] < first + count;
                    }
                }
                return order.Order().SequenceEqual(Enumerable.Range(0, m)).Label($"m {m}, batch {batch}, {slots} slots: not a permutation")
                    .And(inShards.Label($"m {m}, batch {batch}, {slots} slots: a slot took a row of another shard"));
            });

    [Property(MaxTest = 100)]
    public Property A_reused_scratch_gives_the_fresh_scratchs_order_and_allocates_nothing() =>
        Prop.ForAll(Epochs(), e =>
            {
                var (slots, m, batch, seed) = e;
                var (fresh, reused, scratch) = (new int[m], new int[m], new int[m]);
                ShardedOrder.Fill(Rng.Create(seed).Fork(7), batch, slots, fresh, new int[m]);
                // The run's scratch holds the previous epoch's shuffle, or anything.
                ShardedOrder.Fill(Rng.Create(seed + 1).Fork(3), batch, slots, reused, scratch);
                var rng = Rng.Create(seed).Fork(7);
                long before = GC.GetAllocatedBytesForCurrentThread();
                ShardedOrder.Fill(rng, batch, slots, reused, scratch);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                return fresh.SequenceEqual(reused).Label($"m {m}, batch {batch}, {slots} slots: the order depends on the scratch's contents")
                    .And((allocated == 0).Label($"m {m}, batch {batch}, {slots} slots: an epoch's order allocated {allocated} bytes"));
            });

    // 1–32 slots, at least a row a shard, batches of 1–40 rows a slot, and a seed.
    private static Arbitrary<(int Slots, int Rows, int Batch, int Seed)> Epochs() =>
        (from log in Gen.Choose(0, 5)
         from extra in Gen.Choose(1, 400)
         from perSlot in Gen.Choose(1, 40)
         from seed in Gen.Choose(0, 1000)
         select (1 << log, (1 << log) + extra - 1, perSlot << log, seed)).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property A_process_reads_one_contiguous_range_that_its_slots_shards_tile() =>
        Prop.ForAll(Gen.Choose(0, 4).ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(), Gen.Choose(0, 5000).ToArbitrary(), (log, ranksLog, extra) =>
        {
            int slots = 1 << log, ranks = 1 << Math.Min(ranksLog, log), m = slots + extra, share = slots / ranks;
            var ranges = Enumerable.Range(0, ranks).Select(r => ShardedOrder.Rows(m, slots, r * share, share)).ToArray();
            bool tiled = ranges[0].First == 0 && ranges[^1].First + ranges[^1].Count == m
                && ranges.Zip(ranges.Skip(1), (a, b) => a.First + a.Count == b.First).All(x => x);
            bool shardsInside = Enumerable.Range(0, slots).All(s =>
            {
                var (first, count) = ShardedOrder.Shard(m, slots, s);
                var range = ranges[s / share];
                return count >= 1 && first >= range.First && first + count <= range.First + range.Count;
            });
            return tiled.Label($"{ranks} ranks over {m} rows in {slots} shards: ranges do not tile the rows").And(shardsInside.Label("a shard lies outside its rank's range"));
        });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_shared_sharded_run_reads_only_its_shards_and_ends_in_the_one_process_parameters(int ranks)
    {
        var c = RandomNetworks.Build(FunctionalNet.Model.Activations.Activation.Tanh, FunctionalNet.Model.Activations.Activation.Softmax,
            FunctionalNet.Model.Losses.Loss.CrossEntropy, 4, [11], 3, 83, withL2: true, seed: 5);
        var rule = Rules.Adam(0.01).Get();
        TrainingOptions Options(SlotExchange? exchange) =>
            TrainingOptions.Create(3, Batching.Shuffled(16), Rng.Create(2), epochCost: EpochCost.None, dropout: Dropout.Create([0.2]).Get(),
                slots: 4, exchange: exchange, sharded: true).Get();
        var alone = Train.Fit(c.Architecture, new RecordedRows(c.Batch), rule, c.Parameters, Options(null), new RecordedRows(c.Batch)).Get().Last();
        var shared = ThreadRanks.Run(ranks, e =>
        {
            var rows = new RecordedRows(c.Batch);
            return (Last: Train.Fit(c.Architecture, rows, rule, c.Parameters, Options(e), new RecordedRows(c.Batch)).Get().Last(), Read: rows.Read,
                Own: ShardedOrder.Rows(c.Batch.Count, 4, e.Rank * 4 / ranks, 4 / ranks));
        });
        Assert.Equal(3, alone.Epoch);
        Assert.All(shared, r => Assert.Equal(Bits(alone.Parameters.Flat), Bits(r.Last.Parameters.Flat)));
        // The validation cost early stopping reads is the one-process bits on every rank (its parts tree-reduced).
        Assert.All(shared, r => Assert.Equal(BitConverter.DoubleToInt64Bits(alone.ValidationCost!.Value), BitConverter.DoubleToInt64Bits(r.Last.ValidationCost!.Value)));
        // Without a training cost (EpochCost.None) every gather of the training rows is a batch's: only the rank's shards.
        Assert.All(shared, r => Assert.All(r.Read, row => Assert.InRange(row, r.Own.First, r.Own.First + r.Own.Count - 1)));
    }

    [Fact]
    public void Sharded_sampling_differs_from_the_whole_set_shuffle_and_needs_slots_dividing_the_batch()
    {
        var c = RandomNetworks.Build(FunctionalNet.Model.Activations.Activation.Relu, FunctionalNet.Model.Activations.Activation.Identity,
            FunctionalNet.Model.Losses.Loss.SquaredError, 3, [7], 2, 64, withL2: false, seed: 4);
        var rule = Rules.Adam(0.01).Get();
        TrainingIterate<double> Run(bool sharded) => Train.Fit(c.Architecture, c.Batch, rule, c.Parameters,
            TrainingOptions.Create(2, Batching.Shuffled(16), slots: 4, sharded: sharded).Get()).Get().Last();
        Assert.NotEqual(Bits(Run(false).Parameters.Flat), Bits(Run(true).Parameters.Flat));
        var refused = Train.Fit(c.Architecture, c.Batch, rule, c.Parameters, TrainingOptions.Create(2, Batching.Shuffled(18), slots: 4, sharded: true).Get());
        Assert.Equal(["training.sampling"], refused.Match(_ => [], es => es.Select(e => e.Code).ToArray()));
        Assert.Equal(["training.sampling"], TrainingOptions.Create(2, Batching.Full, sharded: true).Match(_ => [], es => es.Select(e => e.Code).ToArray()));
    }
}
