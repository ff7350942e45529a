using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// The rows a process of a shared run reads (<see cref="RankRows"/>), against the rows its work needs, computed here from
/// <see cref="ShardedOrder"/>'s shards and parts: every process's validation parts together are every validation row;
/// a sharded process's training rows are its shards'; process 0 reads every training and test row; the chunks hold them.
/// </summary>
public class RankRowsProperties
{
    [Property(MaxTest = 200)]
    public Property Each_process_reads_its_shards_parts_and_process_0_its_scores() =>
        Prop.ForAll((from logRanks in Gen.Choose(0, 3) from logSlots in Gen.Choose(0, 4) from sharded in Gen.Elements(false, true)
                     from weighted in Gen.Elements(false, true) from train in Gen.Choose(1, 300) from validation in Gen.Choose(0, 80)
                     from test in Gen.Choose(1, 60) from chunk in Gen.Choose(1, 40)
                     select (Ranks: 1 << logRanks, Slots: 1 << Math.Max(logRanks, logSlots), sharded, weighted, train, validation, test, chunk)).ToArbitrary(), c =>
        {
            static HashSet<long> Rows(IEnumerable<(long First, long Count)> ranges) => [.. ranges.SelectMany(r => Enumerable.Range(0, (int)r.Count).Select(i => r.First + i))];
            int share = c.Slots / c.Ranks;
            var read = Enumerable.Range(0, c.Ranks).Select(k => Rows(RankRows.Of(k, c.Ranks, c.Slots, c.sharded, c.weighted, c.train, c.validation, c.test))).ToArray();
            var props = new List<Property>();
            for (int k = 0; k < c.Ranks; k++)
            {
                var (first, count) = ShardedOrder.Rows(c.train, c.Slots, k * share, share);
                var training = k == 0 || !c.sharded || c.weighted ? Enumerable.Range(0, c.train) : Enumerable.Range(first, count);
                var (vFirst, vCount) = ShardedOrder.Rows(c.validation, c.Slots, k * share, share);
                var expected = training.Select(r => (long)r).Concat(Enumerable.Range(vFirst, vCount).Select(r => (long)c.train + r))
                    .Concat(k == 0 ? Enumerable.Range(c.train + c.validation, c.test).Select(r => (long)r) : []).ToHashSet();
                props.Add(read[k].SetEquals(expected).Label($"{c}: process {k} reads {read[k].Count} rows, expected {expected.Count}"));
                var chunks = Rows(RankRows.Chunks(RankRows.Of(k, c.Ranks, c.Slots, c.sharded, c.weighted, c.train, c.validation, c.test), c.chunk));
                props.Add(read[k].All(r => chunks.Contains(r / c.chunk)).Label($"{c}: process {k} reads a row outside its chunks")
                    .And(chunks.All(ch => read[k].Any(r => r / c.chunk == ch))).Label($"{c}: process {k} verifies a chunk it does not read"));
            }
            var validationRows = read.SelectMany(r => r).Where(r => r >= c.train && r < c.train + c.validation).ToHashSet();
            props.Add((validationRows.Count == c.validation).Label($"{c}: the processes cost {validationRows.Count} of {c.validation} validation rows"));
            return props.Aggregate((a, b) => a.And(b));
        });
}
