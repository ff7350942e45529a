using FunctionalNet.Cli.Options;
using FunctionalNet.Formats;
using FunctionalNet.Mpi;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// <c>fnet train --distributed</c>: every process of the MPI job runs the same training on the same batches, each computing
/// its share of every mini-batch's slots (with --sampling sharded, from its own shards' rows only), so all hold the same parameters at every step; process 0 writes the model, its
/// history and checkpoints into --out and prints, the others write and print nothing (no checkpoint, history or lock)
/// and end when training does (no scoring, saving or pictures).
/// A process that fails once the exchanges have begun says so in one line naming its rank and ends the job (exit 2).
/// </summary>
internal static class DistributedTraining
{
    /// <summary><paramref name="train"/> run as this process of the job when <c>--distributed</c> is given, else as it is.</summary>
    public static LanguageExt.Either<CliError, int> Run(DistributedOptions options, System.CommandLine.ParseResult r, TrainSettings s, Terminal terminal,
        Func<TrainSettings, Terminal, LanguageExt.Either<CliError, int>> train)
    {
        if (!options.Asked(r)) return train(s, terminal);
        if (s.Task == ModelCard.MultiLabel)
            return new CliError(new Error("options.distributed", "--distributed trains classifiers and regressors; multi-label training runs in one process"));
        return options.Timeout(r).Bind(timeout => Joined(timeout, s, terminal, train));
    }

    /// <summary>
    /// A process other than 0 ends when training does, with the exit code process 0 will have: the model, its scores,
    /// pictures and decision are process 0's to make. Null for process 0 and for a run of one process.
    /// </summary>
    public static int? Follows(TrainSettings s, TrainOutcome result) =>
        s.Exchange is not { Rank: > 0 } ? null : result.Stop == FunctionalNet.Optimization.StopKind.Interrupted ? ExitCode.Interrupted : ExitCode.Ok;

    /// <summary>
    /// <paramref name="run"/> holding the lock on <paramref name="s"/>' --out (<see cref="Storage.ModelStore.Locked"/>), except
    /// for a process other than 0, which writes nothing there and runs without it.
    /// </summary>
    public static LanguageExt.Either<CliError, int> Locked(TrainSettings s, Func<LanguageExt.Either<CliError, int>> run) =>
        s.Exchange is { Rank: > 0 } ? run() : Storage.ModelStore.Locked(s.Out, run);

    // Kept apart so a run without --distributed never loads the MPI assembly.
    private static LanguageExt.Either<CliError, int> Joined(TimeSpan timeout, TrainSettings s, Terminal terminal, Func<TrainSettings, Terminal, LanguageExt.Either<CliError, int>> train)
    {
        var errors = terminal.Error;
        return MpiExchange.Start(timeout, line => { errors.WriteLine("fnet: " + line); errors.Flush(); }).Match(
            Right: exchange => Shared(exchange, s, terminal, train),
            Left: problem => new CliError(problem with { Message = "--distributed: " + problem.Message }));
    }

    private static LanguageExt.Either<CliError, int> Shared(MpiExchange exchange, TrainSettings s, Terminal terminal,
        Func<TrainSettings, Terminal, LanguageExt.Either<CliError, int>> train)
    {
        using (exchange)
        {
            var shared = RankFault.Around(exchange);
            if (exchange.Rank == 0)
            {
                if (!s.Quiet) terminal.Out.WriteLine($"processes {exchange.Ranks} ({exchange.Library}), each computing {exchange.Ranks switch { 1 => "every slot", _ => $"1/{exchange.Ranks} of the slots" }}");
                return Ended(exchange, train(s with { Exchange = shared }, terminal));
            }
            string scratch = Path.Combine(Path.GetTempPath(), $"fnet-rank{exchange.Rank}-{Environment.ProcessId}");
            try
            {
                // The same failure comes from every process; only process 0 says it, the others end with its exit code.
                // No history either: its validation metric would be a pass over every validation row each epoch. No
                // checkpoints, which are process 0's, nor a lock (Locked): the scratch --out is never made, so a process
                // killed or ended by MPI_Abort, which runs no finally, leaves nothing behind; it only keeps any stray write
                // away from process 0's directory.
                return Ended(exchange, train(s with { Exchange = shared, Out = scratch, Quiet = true, History = null, CheckpointEvery = 0 },
                        new Terminal(TextWriter.Null, TextWriter.Null, false, terminal.Cancel)))
                    .Match(Right: code => code, Left: failure => LanguageExt.Prelude.Right<CliError, int>(failure.Code));
            }
            finally
            {
                if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            }
        }
    }

    // A failure of bad input or I/O before the first exchange is every process's (the same options and data); after it,
    // or a damaged cache chunk only this process reads (ChunkVerification), the others may be waiting for this process, so it
    // names itself and ends the job rather than leave them to their timeout. Interruptions and divergence come to every process at the same step and end as usual.
    private static LanguageExt.Either<CliError, int> Ended(MpiExchange exchange, LanguageExt.Either<CliError, int> result)
    {
        if (exchange.Ranks > 1)
            _ = result.IfLeft(failure =>
            {
                if (failure.Code == ExitCode.BadInput && (exchange.Exchanges > 0 || failure.Error.Code == ChunkVerification.Code)) exchange.End($"rank {exchange.Rank}: {failure.Error.Message}; ending all {exchange.Ranks} processes");
            });
        return result;
    }
}
