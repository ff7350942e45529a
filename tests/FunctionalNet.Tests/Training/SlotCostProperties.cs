using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// A cost over the slot tree's parts (<see cref="SlotCost"/>), as a shared run's validation and sharded training costs are
/// computed: every simulated rank (<see cref="ThreadRanks"/>) gets the one-process bits at every rank count dividing the
/// parts while reading only its own parts' rows, and one part is exactly the whole source's blocked cost.
/// </summary>
public class SlotCostProperties
{
    [Property(MaxTest = 40)]
    public Property Every_rank_gets_the_one_process_cost_and_reads_only_its_parts() =>
        Prop.ForAll(SlotCases.Any(), Gen.Choose(0, 3).ToArbitrary(), (c, log) =>
        {
            var (arch, theta, batch) = (c.Case.Architecture, c.Case.Parameters.Flat.ToArray(), c.Case.Batch);
            int ranks = Math.Min(1 << log, c.Slots), share = c.Slots / ranks;
            double alone = SlotCost.Cost(arch, theta, new BatchRows<double>(batch), new Parallelism(1), c.Slots, null);
            var shared = ThreadRanks.Run(ranks, e =>
            {
                var rows = new RecordedRows(batch);
                return (Cost: SlotCost.Cost(arch, theta, rows, new Parallelism(1), c.Slots, e), rows.Read,
                    Own: ShardedOrder.Rows(batch.Count, c.Slots, e.Rank * share, share));
            });
            return shared.Select((r, k) =>
                    (BitConverter.DoubleToInt64Bits(r.Cost) == BitConverter.DoubleToInt64Bits(alone)).Label($"{c}, {ranks} ranks: rank {k}'s cost {r.Cost:R} is not {alone:R}")
                    .And(r.Read.All(row => row >= r.Own.First && row < r.Own.First + r.Own.Count)).Label($"{c}, {ranks} ranks: rank {k} read a row of another's parts"))
                .Aggregate((a, b) => a.And(b));
        });

    [Property(MaxTest = 60)]
    public Property One_part_is_the_whole_sources_blocked_cost() =>
        Prop.ForAll(SlotCases.Any(), c =>
        {
            var (arch, parameters, batch) = (c.Case.Architecture, c.Case.Parameters, c.Case.Batch);
            double whole = RowSources.Cost(arch, parameters, new BatchRows<double>(batch), new Parallelism(1));
            double parted = SlotCost.Cost(arch, parameters.Flat.ToArray(), new RecordedRows(batch), new Parallelism(1), 1, null);
            return (BitConverter.DoubleToInt64Bits(whole) == BitConverter.DoubleToInt64Bits(parted)).Label($"{c}: {parted:R} is not {whole:R}");
        });
}
