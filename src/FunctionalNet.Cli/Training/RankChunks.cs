using FunctionalNet.Cli.Options;
using FunctionalNet.IO;
using FunctionalNet.Training;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// A version-4 row cache, opened from its header and chunk table alone (the scaler from the table's per-chunk
/// statistics, the same bits on every process and in one process), as one process of a <c>--distributed</c> run verifies
/// it: only the chunks holding the rows this process reads (<see cref="RankRows"/>), and a regression cache's targets
/// all, which the target scaler is fitted on. A run without --distributed verifies every chunk (CacheTraining); an older
/// cache is verified whole when opened.
/// </summary>
internal static class RankChunks
{
    /// <summary>The code of a chunk this process alone found damaged: it names itself and ends the job (see <see cref="DistributedTraining"/>).</summary>
    public const string Code = "cache.rank-chunk";

    /// <summary>Verifies the chunks this process of <paramref name="s"/>' run reads, as <see cref="Verify(RowCacheFile, SlotExchange?, int, int, bool, int, int, int)"/>.</summary>
    public static Either<CliError, Unit> Verify(TrainSettings s, RowCacheFile file, int train, int validation, int test) =>
        Verify(file, s.Exchange, s.BatchSize, s.Slots, s.Sampling == "sharded", train, validation, test);

    /// <summary>
    /// Verifies the chunks process <paramref name="exchange"/> reads of a cache split into <paramref name="train"/>,
    /// <paramref name="validation"/> and <paramref name="test"/> rows, trained in batches of <paramref name="batch"/> rows
    /// in <paramref name="slots"/> slots (0: the default); nothing to do for a cache verified whole. Slots the processes
    /// do not divide are left to the engine, which refuses them before reading a row.
    /// </summary>
    public static Either<CliError, Unit> Verify(RowCacheFile file, SlotExchange? exchange, int batch, int slots, bool sharded, int train, int validation, int test)
    {
        if (file.Verified || exchange is null) return Unit.Default;
        int count = SlotCount.For(Math.Min(Math.Max(batch, 1), train), slots);
        if (count % exchange.Ranks != 0) return Unit.Default;
        var rows = RankRows.Of(exchange.Rank, exchange.Ranks, count, sharded, file.Header.Weighted, train, validation, test);
        var verified = file.Header.Regression ? file.VerifyTargets() : Unit.Default;
        foreach (var (first, chunks) in RankRows.Chunks(rows, file.Header.ChunkRows))
            verified = verified.Bind(_ => file.VerifyChunks(first, checked((int)chunks)));
        return verified.MapLeft(e => new CliError(new Error(Code, e.Message)));
    }
}
