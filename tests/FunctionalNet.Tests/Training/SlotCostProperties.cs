using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
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

    [Property(MaxTest = 40)]
    public Property The_parts_are_added_as_a_balanced_tree() =>
        Prop.ForAll(SlotCases.Any(), c =>
        {
            var (arch, theta, batch) = (c.Case.Architecture, c.Case.Parameters.Flat.ToArray(), c.Case.Batch);
            var source = new BatchRows<double>(batch);
            var leaves = Enumerable.Range(0, c.Slots).Select(p =>
            {
                var (first, count) = ShardedOrder.Shard(batch.Count, c.Slots, p);
                var (sum, total, _) = RowWalk.Sums<double>(arch, theta, source, first, count, new Parallelism(1));
                return (Sum: sum, Total: total);
            }).ToArray();
            var (sum, total) = Tree(leaves, 0, leaves.Length);
            double expected = Network.Penalised<double>(arch, theta, !source.Weighted ? sum / batch.Count : total == 0 ? 0 : sum / total, batch.Count);
            double parted = SlotCost.Cost(arch, theta, source, new Parallelism(1), c.Slots, null);
            return (BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(parted)).Label($"{c}: {parted:R} is not {expected:R}");
        });

    // ((s₀ + s₁) + (s₂ + s₃)) + …, written apart from the slot tree's binary counter.
    private static (double Sum, double Total) Tree((double Sum, double Total)[] leaves, int first, int count)
    {
        if (count == 1) return leaves[first];
        var (a, b) = (Tree(leaves, first, count / 2), Tree(leaves, first + count / 2, count / 2));
        return (a.Sum + b.Sum, a.Total + b.Total);
    }

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
