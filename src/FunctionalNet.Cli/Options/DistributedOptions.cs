using System.CommandLine;

namespace FunctionalNet.Cli.Options;

/// <summary><c>fnet train</c>'s data-parallel options: the slot count of each mini-batch and whether MPI processes share them.</summary>
internal sealed class DistributedOptions
{
    public Option<int> Slots { get; } = new("--slots")
    {
        Description = "Each mini-batch's gradient is the balanced-tree sum of this many slot gradients (a power of two; 0 = one slot per 64 rows, at most 8): the fixed order that makes --distributed runs on any number of processes dividing it give the same model as one process",
        DefaultValueFactory = _ => 0,
    };

    public Option<string> Sampling { get; } = new("--sampling")
    {
        Description = "How each epoch orders the mini-batches' rows: shuffled (the whole training set, the default) or sharded (the rows split into one fixed shard per slot, each shuffled within itself, slot s of every batch drawn from shard s; the batch size must be a multiple of the slots). With --distributed a process then computes from its slots' shards only; the model is the same at every process count and without --distributed",
        DefaultValueFactory = _ => "shuffled",
    };

    public Option<bool> Distributed { get; } = new("--distributed")
    {
        Description = "Run as one process of an MPI job (mpirun -np N fnet train --distributed …, or srun --mpi=pmix): each process reads the data (a CSV or Parquet file whole; a row cache's rows as it needs them) and computes its share of every mini-batch's slots, process 0 writes the model and history; N must be a power of two dividing the slots. Needs Open MPI or MPICH installed; mini-batch optimizers only",
    };

    public Option<double> CollectiveTimeout { get; } = new("--collective-timeout")
    {
        Description = "With --distributed: seconds a process waits to hear from every other at an exchange; past it, it names the silent process in one line and ends the job with exit 2 (a process that failed or hangs never leaves the others waiting)",
        DefaultValueFactory = _ => 300,
    };

    public void AddTo(Command command)
    {
        command.Add(Slots);
        command.Add(Sampling);
        command.Add(Distributed);
        command.Add(CollectiveTimeout);
    }

    /// <summary>Whether <c>--distributed</c> was given.</summary>
    public bool Asked(ParseResult r) => r.GetValue(Distributed);

    /// <summary>The collective timeout given, or the one-line refusal of one that is not a positive number of seconds.</summary>
    public LanguageExt.Either<CliError, TimeSpan> Timeout(ParseResult r)
    {
        double seconds = r.GetValue(CollectiveTimeout);
        return seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(seconds)
            : new CliError(new Error("options.collective-timeout", FormattableString.Invariant($"--collective-timeout: expected a number of seconds above 0, found {seconds}")));
    }

    /// <summary><paramref name="settings"/> with the slot count and sampling given, or the one-line refusal of a slot count that is not a power of two or an unknown sampling.</summary>
    public LanguageExt.Either<CliError, TrainSettings> Into(ParseResult r, TrainSettings settings)
    {
        int slots = r.GetValue(Slots);
        string sampling = r.GetValue(Sampling) ?? "shuffled";
        return FunctionalNet.Training.SlotCount.Problem(slots) is { } problem
            ? new CliError(new Error("options.slots", "--slots: " + problem))
            : sampling is not ("shuffled" or "sharded")
            ? new CliError(new Error("options.sampling", $"--sampling: expected shuffled or sharded, found '{sampling}'"))
            : settings with { Slots = slots, Sampling = sampling == "sharded" ? sampling : null };
    }

    /// <summary>
    /// The settings read again once the data is known (<paramref name="read"/>), with what only the first reading set
    /// kept: the one path by which every option read after <c>TrainOptions.Read</c> reaches training, from a file or a cache.
    /// </summary>
    public static TrainSettings Carry(TrainSettings given, TrainSettings read) =>
        read with { History = given.History, Slots = given.Slots, Sampling = given.Sampling, Kernels = given.Kernels, Exchange = given.Exchange, Out = given.Out, Quiet = given.Quiet,
            Decision = given.Decision, HistoryEvery = given.HistoryEvery, CheckpointEvery = given.CheckpointEvery };
}
