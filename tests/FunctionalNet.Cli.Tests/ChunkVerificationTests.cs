using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Cli.Training;
using FunctionalNet.IO;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A version-4 row cache read by the processes of a shared run, simulated by threads (<see cref="ThreadRanks"/>): each
/// opens it from its header and chunk table, verifies only the chunks holding its rows (<see cref="ChunkVerification"/>; the
/// bytes it reads are counted by the file) and trains to the one-process parameters; a damaged chunk is found by the
/// processes that read it, named, and by no other.
/// </summary>
public class ChunkVerificationTests
{
    // 400 rows of two features in chunks of 16: 256 training rows (chunks 0–15), 64 validation rows (16–19), 80 test rows (20–24).
    private const int TrainRows = 256, ValidationRows = 64, TestRows = 80, Slots = 8, Batch = 32;

    private static string Cache(TempDirectory dir)
    {
        string csv = dir.Write("points.csv", DistributedTrainTests.Points(TrainRows + ValidationRows + TestRows));
        var written = Fnet.InProcess("cache", "--data", csv, "--label", "y", "--chunk-rows", "16", "--out", dir["points.fnetc"]);
        Assert.True(written.ExitCode == 0, written.Error);
        return dir["points.fnetc"];
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(4, true)]
    [InlineData(4, false)]
    public void Each_process_verifies_only_the_chunks_it_reads_and_ends_in_the_one_process_parameters(int ranks, bool sharded)
    {
        using var dir = new TempDirectory();
        string path = Cache(dir);
        var arch = Architecture.Create(2, [new Layer(6, Activation.Tanh), new Layer(2, Activation.Softmax)], Loss.CrossEntropy)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        float[] Fit(RowCacheFile file, SlotExchange? exchange)
        {
            var stats = file.Statistics!;
            CacheRows<float> Part(long first, int count) => new(file, first, count, 2, stats.Mean, stats.Scale);
            var options = TrainingOptions.Create(2, Batching.Shuffled(Batch), Rng.Create(7), epochCost: EpochCost.None, slots: Slots, exchange: exchange, sharded: sharded)
                .Match(o => o, e => throw new InvalidOperationException(string.Join("; ", e)));
            var start = new TrainingStart<float>(Initializer.Parse("xavier")!.Initialize<float>(arch, Rng.Create(3)));
            return [.. Train.Fit(arch, Part(0, TrainRows), Rules.ByName("adam", 0.01).Match(r => r, _ => throw new InvalidOperationException()), start, options, Part(TrainRows, ValidationRows))
                .Match(t => t, e => throw new InvalidOperationException(string.Join("; ", e))).Last().Parameters.Flat];
        }
        float[] alone;
        long whole;
        using (var file = RowCache.Open(path, _ => TrainRows).Match(f => f, e => throw new InvalidOperationException(e.Message)))
        {
            whole = file.BytesRead;
            alone = Fit(file, null);
        }
        var shared = ThreadRanks.Run(ranks, e =>
        {
            using var file = RowCache.OpenTable(path, _ => TrainRows).Match(f => f, problem => throw new InvalidOperationException(problem.Message));
            long opened = file.BytesRead;
            var verified = ChunkVerification.Verify(file, e, Batch, Slots, sharded, TrainRows, ValidationRows, TestRows);
            var chunks = RankRows.Chunks(RankRows.Of(e.Rank, e.Ranks, Slots, sharded, false, TrainRows, ValidationRows, TestRows), file.Header.ChunkRows);
            long expected = chunks.Sum(c => Enumerable.Range(0, (int)c.Count)
                .Sum(k => Math.Min(file.Header.ChunkRows, file.Header.Rows - (c.First + k) * file.Header.ChunkRows) * (file.Header.RowBytes + file.Header.TargetBytes)));
            return (Verified: verified.IsRight, Read: file.BytesRead - opened, Expected: expected, Chunks: chunks, Parameters: Fit(file, e));
        });
        Assert.All(shared, r => Assert.True(r.Verified));
        // Each process read the rows of exactly the chunks it reads, once: process 0 every training and test chunk and its
        // validation chunk, the others (sharded) their shards' and validation parts' chunks only.
        Assert.All(shared, r => Assert.Equal(r.Expected, r.Read));
        Assert.Equal(new (long, long)[] { (0, ranks == 2 ? 18 : 17), (20, 5) }, shared[0].Chunks);
        Assert.All(shared.Skip(1), r => Assert.True(r.Read < whole / (sharded ? 2 : 1), $"a process read {r.Read} bytes of a {whole}-byte cache"));
        if (sharded)
        {
            var rankOne = ranks == 2 ? [(8L, 8L), (18L, 2L)] : ((long, long)[])[(4L, 4L), (17L, 1L)];
            Assert.Equal(rankOne, shared[1].Chunks);
        }
        else Assert.All(shared.Skip(1), r => Assert.Equal(0L, r.Chunks[0].First));
        // The rows each process read were verified (an unverified chunk's labels read as zero): the one-process parameters.
        Assert.All(shared, r => Assert.Equal(alone.Select(BitConverter.SingleToInt32Bits), r.Parameters.Select(BitConverter.SingleToInt32Bits)));
    }

    [Fact]
    public void A_damaged_chunk_is_named_by_the_processes_that_read_it_and_by_no_other()
    {
        using var dir = new TempDirectory();
        string path = Cache(dir);
        int rowBytes;
        using (var file = RowCache.OpenTable(path).Match(f => f, e => throw new InvalidOperationException(e.Message))) rowBytes = file.Header.RowBytes;
        // Row 306's features, in chunk 20 (rows 305–320, of 1-based rows), the last validation chunk: only process 3 of 4 costs it.
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = FunctionalNet.Formats.RowCacheHeader.Size + 305L * rowBytes;
            int b = stream.ReadByte();
            stream.Position--;
            stream.WriteByte((byte)(b ^ 0x40));
        }
        var found = ThreadRanks.Run(4, e =>
        {
            using var file = RowCache.OpenTable(path, _ => TrainRows).Match(f => f, problem => throw new InvalidOperationException(problem.Message));
            return ChunkVerification.Verify(file, e, Batch, Slots, true, TrainRows, ValidationRows, TestRows).Match(_ => (Code: "", Message: ""), problem => (problem.Error.Code, problem.Error.Message));
        });
        Assert.All(found.Take(3), f => Assert.Equal("", f.Message));
        Assert.Equal(ChunkVerification.Code, found[3].Code);
        Assert.Contains("chunk 20 (rows 305 to 320): its features hash to", found[3].Message, StringComparison.Ordinal);
    }

    // fnet train's settings for the test cache: a run of one process unless an exchange is given.
    private static FunctionalNet.Cli.Options.TrainSettings Settings(SlotExchange? exchange) =>
        new FunctionalNet.Cli.Options.TrainSettings("points.fnetc", null, 200, 0.1, "adam", 0.001, 2, Batch, "xavier", 1, 0.2, null, 0.2, 0,
            true, "standard", "out", true, false, 0, null) { Slots = Slots, Sampling = "sharded", Exchange = exchange };

    [Fact]
    public void One_process_verifies_the_targets_first_and_the_features_in_the_read_that_costs_a_process_of_a_shared_run_its_chunks_at_once()
    {
        using var dir = new TempDirectory();
        string path = Cache(dir);
        using (var file = RowCache.OpenTable(path, _ => TrainRows).Match(f => f, e => throw new InvalidOperationException(e.Message)))
        {
            var verification = ChunkVerification.Begin(Settings(null), file, TrainRows, ValidationRows, TestRows).Match(v => v, e => throw new InvalidOperationException(e.Error.Message));
            Assert.False(file.Verified);
            bool costed = false;
            Assert.Equal(1.5, verification.Features(() => { costed = true; return 1.5; }).Match(c => c, e => throw new InvalidOperationException(e.Error.Message)));
            Assert.True(costed && file.Verified);
        }
        var shared = ThreadRanks.Run(2, e =>
        {
            using var file = RowCache.OpenTable(path, _ => TrainRows).Match(f => f, problem => throw new InvalidOperationException(problem.Message));
            var verification = ChunkVerification.Begin(Settings(e), file, TrainRows, ValidationRows, TestRows).Match(v => v, p => throw new InvalidOperationException(p.Error.Message));
            long read = file.BytesRead;
            bool costed = false;
            double cost = verification.Features(() => { costed = true; return 1.5; }).Match(c => c, p => throw new InvalidOperationException(p.Error.Message));
            return (Cost: cost, Costed: costed, ReadAfter: file.BytesRead - read, Verified: file.Verified);
        });
        // Each process verified its own chunks in Begin (not the whole file) and reads nothing more for the features.
        Assert.All(shared, r => Assert.True(double.IsNaN(r.Cost) && !r.Costed && r.ReadAfter == 0 && !r.Verified, r.ToString()));
    }
}
