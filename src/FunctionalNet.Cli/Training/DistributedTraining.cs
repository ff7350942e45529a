using FunctionalNet.Cli.Options;
using FunctionalNet.Formats;
using FunctionalNet.Mpi;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// <c>fnet train --distributed</c>: every process of the MPI job runs the same training on the same rows, each computing
/// its share of every mini-batch's slots, so all hold the same parameters at every step; process 0 writes the model, its
/// pictures and history into --out and prints, the others write into a scratch directory they remove and print nothing.
/// </summary>
internal static class DistributedTraining
{
    /// <summary><paramref name="train"/> run as this process of the job when <paramref name="distributed"/>, else as it is.</summary>
    public static LanguageExt.Either<CliError, int> Run(bool distributed, TrainSettings s, Terminal terminal,
        Func<TrainSettings, Terminal, LanguageExt.Either<CliError, int>> train)
    {
        if (!distributed) return train(s, terminal);
        if (s.Task == ModelCard.MultiLabel)
            return new CliError(new Error("options.distributed", "--distributed trains classifiers and regressors; multi-label training runs in one process"));
        if (FunctionalNet.IO.RowCacheFile.Named(s.Data))
            return new CliError(new Error("options.distributed", $"--distributed reads the data into every process; {s.Data} is a row cache, which is not shared between processes yet (train from the CSV or Parquet file)"));
        return Joined(s, terminal, train);
    }

    // Kept apart so a run without --distributed never loads the MPI assembly.
    private static LanguageExt.Either<CliError, int> Joined(TrainSettings s, Terminal terminal, Func<TrainSettings, Terminal, LanguageExt.Either<CliError, int>> train)
    {
        return MpiExchange.Start().Match(
            Right: exchange => Shared(exchange, s, terminal, train),
            Left: problem => new CliError(problem with { Message = "--distributed: " + problem.Message }));
    }

    private static LanguageExt.Either<CliError, int> Shared(MpiExchange exchange, TrainSettings s, Terminal terminal,
        Func<TrainSettings, Terminal, LanguageExt.Either<CliError, int>> train)
    {
        using (exchange)
        {
            if (exchange.Rank == 0)
            {
                if (!s.Quiet) terminal.Out.WriteLine($"processes {exchange.Ranks} ({exchange.Library}), each computing {exchange.Ranks switch { 1 => "every slot", _ => $"1/{exchange.Ranks} of the slots" }}");
                return train(s with { Exchange = exchange }, terminal);
            }
            string scratch = Path.Combine(Path.GetTempPath(), $"fnet-rank{exchange.Rank}-{Environment.ProcessId}");
            try
            {
                // The same failure comes from every process; only process 0 says it, the others end with its exit code.
                return train(s with { Exchange = exchange, Out = scratch, Quiet = true }, new Terminal(TextWriter.Null, TextWriter.Null, false, terminal.Cancel))
                    .Match(Right: code => code, Left: failure => LanguageExt.Prelude.Right<CliError, int>(failure.Code));
            }
            finally
            {
                if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            }
        }
    }
}
