using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.IO;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.IO;

/// <summary>
/// Issue 32's passes before the first epoch merged into one: a version-4 cache is opened from its header and chunk table,
/// and one read of the file verifies every chunk while the engine's starting cost is computed from the same bytes — the
/// bits the engine computes itself, and no byte of the file read twice (but the partial chunk at the split, for the scaler).
/// </summary>
public class RowCacheOneReadTests
{
    // The partial chunk at the split is read once more, for the scaler; a split on a chunk's end reads none.
    private static long Partial(RowCacheHeader h, long train) => train % h.ChunkRows == 0 || train == h.Rows ? 0 : train % h.ChunkRows * h.RowBytes;

    // The iterates of a run, and the bytes the file had been read when the first (the start, before any step) came.
    private static (List<TrainingIterate<double>> Iterates, long BytesAtStart) Run(IEnumerable<TrainingIterate<double>> trace, RowCacheFile file)
    {
        using var steps = trace.GetEnumerator();
        Assert.True(steps.MoveNext());
        var iterates = new List<TrainingIterate<double>> { steps.Current };
        long atStart = file.BytesRead;
        while (steps.MoveNext()) iterates.Add(steps.Current);
        return (iterates, atStart);
    }

    [Property(MaxTest = 40)]
    public Property One_read_verifies_every_chunk_and_gives_the_engine_its_own_starting_cost() =>
        Prop.ForAll(RowCacheChunkTableTests.Cases, c =>
        {
            var dir = Directory.CreateTempSubdirectory("fnet-oneread-");
            try
            {
                string path = Path.Combine(dir.FullName, "d.fnetc");
                Assert.True(RowCache.Write(RowCacheChunkTableTests.Data(c.Rows, c.Features, c.Seed, c.Weighted), path, c.Single, c.Chunk).IsRight);
                using var file = RowCache.OpenTable(path, _ => c.Split).Match(f => f, e => throw new InvalidOperationException(e.Message));
                var arch = Architecture.Mlp([c.Features, 5, 3], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 1e-3).Get();
                var start = Initializer.Xavier.Initialize<double>(arch, Rng.Create((ulong)c.Seed));
                var stats = file.Statistics!;
                IRowSource<double> Rows() => RowCache.Rows<double>(file, 0, c.Split, 3, stats.Mean, stats.Scale, window: 2);
                Assert.True(file.VerifyTargets().IsRight);
                var rows = Rows();
                double cost = file.VerifyFeatures(() => RowSources.Cost(arch, start, rows)).Match(v => v, e => throw new InvalidOperationException(e.Message));
                long afterPass = file.BytesRead;
                var options = TrainingOptions.Create(2, Batching.Shuffled(Math.Max(1, c.Split / 3)), Rng.Create((ulong)c.Seed)).Get();
                var rule = Rules.ByName("adam", 0.01).Get();
                // The engine given the cost reads nothing before its first step; the engine left alone reads the training rows again.
                var (given, givenFirst) = Run(Train.Fit(arch, rows, rule, start, options.WithStartingCost(cost), null).Get(), file);
                long beforeAlone = file.BytesRead;
                var (alone, aloneFirst) = Run(Train.Fit(arch, Rows(), rule, start, options, null).Get(), file);
                return file.Verified.Label("every chunk verified")
                    .And((afterPass == file.Header.FileLength + Partial(file.Header, c.Split)).Label($"read once: {afterPass} of {file.Header.FileLength}"))
                    .And((BitConverter.DoubleToInt64Bits(alone[0].TrainingCost) == BitConverter.DoubleToInt64Bits(cost)).Label("the engine's own starting cost"))
                    .And((given.Count == alone.Count && given.Zip(alone, (a, b) => a.TrainingCost.Equals(b.TrainingCost)
                        && a.Parameters.Flat.ToArray().SequenceEqual(b.Parameters.Flat.ToArray())).All(same => same)).Label("the same run"))
                    .And((givenFirst == afterPass).Label("no read for the start"))
                    .And((aloneFirst - beforeAlone == (long)c.Split * file.Header.RowBytes).Label("the engine alone reads the training rows for its start"));
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        });

    // Several blocks of Network.CostBlockRows rows, a split inside a chunk: the pass counts each byte once and the cost's bits hold.
    [Fact]
    public void Over_several_cost_blocks_the_read_is_once_and_a_damaged_chunk_read_by_the_cost_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("fnet-oneread-");
        try
        {
            int rows = 2 * Network.CostBlockRows + 1000, train = 2 * Network.CostBlockRows + 333;
            string path = Path.Combine(dir.FullName, "d.fnetc");
            var header = RowCache.Write(RowCacheChunkTableTests.Data(rows, 2, 5, weighted: true), path, true, 1000).Match(h => h, e => throw new InvalidOperationException(e.Message));
            var arch = Architecture.Mlp([2, 4, 3], Activation.Relu, Activation.Softmax, Loss.CrossEntropy).Get();
            var start = Initializer.Xavier.Initialize<double>(arch, Rng.Create(9));
            double? Pass(string cache, out long read, out string? problem)
            {
                using var file = RowCache.OpenTable(cache, _ => train).Match(f => f, e => throw new InvalidOperationException(e.Message));
                var source = RowCache.Rows<double>(file, 0, train, 3, file.Statistics!.Mean, file.Statistics.Scale);
                var result = file.VerifyTargets().Bind(_ => file.VerifyFeatures(() => RowSources.Cost(arch, start, source)));
                (read, problem) = (file.BytesRead, result.LeftToSeq().FirstOrDefault()?.Message);
                double? engine = result.IsRight ? Train.Fit(arch, RowCache.Rows<double>(file, 0, train, 3, file.Statistics.Mean, file.Statistics.Scale), Rules.ByName("sgd", 0.1).Get(),
                    start, TrainingOptions.Create(1, Batching.Shuffled(64), Rng.Create(1)).Get(), null).Get().First().TrainingCost : null;
                if (problem is not null) return null;
                double cost = result.Match(v => v, _ => double.NaN);
                return BitConverter.DoubleToInt64Bits(cost) == BitConverter.DoubleToInt64Bits(engine!.Value) ? cost : double.NaN;
            }
            Assert.False(double.IsNaN(Pass(path, out long read, out _)!.Value));
            Assert.Equal(header.FileLength + train % 1000L * header.RowBytes, read); // the partial chunk at the split once more, for the scaler
            var bytes = File.ReadAllBytes(path);
            bytes[RowCacheHeader.Size + 20_500L * header.RowBytes + 3] ^= 0x20; // row 20,501: chunk 21, read by the cost's second block
            string damaged = Path.Combine(dir.FullName, "bad.fnetc");
            File.WriteAllBytes(damaged, bytes);
            Assert.Null(Pass(damaged, out _, out var problem));
            Assert.StartsWith($"cache {damaged}: chunk 21 (rows 20001 to 21000): its features hash to", problem, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
