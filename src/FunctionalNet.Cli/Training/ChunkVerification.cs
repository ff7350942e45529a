using FunctionalNet.Cli.Options;
using FunctionalNet.IO;
using FunctionalNet.Training;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// Which chunks of a version-4 row cache a process of <c>fnet train</c> verifies, and when — the one rule for both kinds
/// of run. One process verifies every chunk: the targets first (<see cref="Begin"/>, before the target scaler is fitted on
/// them), the features in one read that also computes the engine's starting cost (<see cref="Features"/>). A process of a
/// <c>--distributed</c> run verifies only the chunks holding the rows it reads (<see cref="RankRows"/>), and a regression
/// cache's targets all, which the target scaler is fitted on, at once; its features are then verified already. An older
/// cache (no chunk table) is verified whole when opened.
/// </summary>
internal sealed class ChunkVerification
{
    /// <summary>The code of a chunk this process alone found damaged: it names itself and ends the job (see <see cref="DistributedTraining"/>).</summary>
    public const string Code = "cache.rank-chunk";

    private readonly RowCacheFile file;

    // Whether the features are still to be read in one pass (one process), rather than verified with this process's chunks.
    private readonly bool wholeFile;

    private ChunkVerification(RowCacheFile file, bool wholeFile) => (this.file, this.wholeFile) = (file, wholeFile);

    /// <summary>
    /// Verifies what <paramref name="s"/>' run must before it reads a row of <paramref name="file"/>, split into
    /// <paramref name="train"/>, <paramref name="validation"/> and <paramref name="test"/> rows: every chunk's targets (one
    /// process), or this process's chunks whole (a shared run); the rest is <see cref="Features"/>.
    /// </summary>
    public static Either<CliError, ChunkVerification> Begin(TrainSettings s, RowCacheFile file, int train, int validation, int test) =>
        s.Exchange is { } exchange
            ? Verify(file, exchange, s.BatchSize, s.Slots, s.Sampling == "sharded", train, validation, test).Map(_ => new ChunkVerification(file, false))
            : file.VerifyTargets().MapLeft(e => new CliError(e)).Map(_ => new ChunkVerification(file, true));

    /// <summary>
    /// The rest: one process reads every chunk's features once, running <paramref name="startingCost"/> in the same read
    /// (<see cref="RowCacheFile.VerifyFeatures{TResult}"/>) and giving its value; NaN when nothing is left to read (a shared
    /// run's chunks, or a cache verified whole), so the engine computes its own.
    /// </summary>
    public Either<CliError, double> Features(Func<double> startingCost) =>
        !wholeFile || file.Verified ? double.NaN : file.VerifyFeatures(startingCost).MapLeft(e => new CliError(e));

    /// <summary>
    /// Verifies the chunks process <paramref name="exchange"/> reads of a cache split into <paramref name="train"/>,
    /// <paramref name="validation"/> and <paramref name="test"/> rows, trained in batches of <paramref name="batch"/> rows
    /// in <paramref name="slots"/> slots (0: the default); nothing to do for a cache verified whole. Slots the processes
    /// do not divide are left to the engine, which refuses them before reading a row.
    /// </summary>
    public static Either<CliError, Unit> Verify(RowCacheFile file, SlotExchange exchange, int batch, int slots, bool sharded, int train, int validation, int test)
    {
        if (file.Verified) return Unit.Default;
        int count = SlotCount.For(Math.Min(Math.Max(batch, 1), train), slots);
        if (count % exchange.Ranks != 0) return Unit.Default;
        var rows = RankRows.Of(exchange.Rank, exchange.Ranks, count, sharded, file.Header.Weighted, train, validation, test);
        var verified = file.Header.Regression ? file.VerifyTargets() : Unit.Default;
        foreach (var (first, chunks) in RankRows.Chunks(rows, file.Header.ChunkRows))
            verified = verified.Bind(_ => file.VerifyChunks(first, checked((int)chunks)));
        return verified.MapLeft(e => new CliError(new Error(Code, e.Message)));
    }
}
