using System.CommandLine;
using FunctionalNet.Cli.Training;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>What a sweep writes besides its results file: the refitted winner (<c>--refit</c>) and each trial's history (<c>--histories</c>).</summary>
internal sealed class SweepOutputs
{
    public Option<string?> Refit { get; } = new("--refit")
    {
        Description = "Once every trial is recorded, train the best configuration into this directory as 'fnet train' with the sweep's options and the winner's would (with --collect: of the collected shards)",
    };

    public Option<string?> HistoryDirectory { get; } = new("--histories")
    {
        Description = "Write each trial's per-epoch training history (history.csv's columns) to this directory as trial-INDEX.csv (successive halving: rungR/trial-INDEX.csv)",
    };

    public Option<string> Format { get; } = new("--history-format")
    {
        Description = "Format of the --histories files: csv or jsonl",
        DefaultValueFactory = _ => "csv",
    };

    public IEnumerable<Option> All => [Refit, HistoryDirectory, Format];

    // Options, not nulls: an Either holds no null (LanguageExt throws "Value is null").

    /// <summary>The directory --refit names (none without it), or the one-line refusal: a shard sees only its part of the sweep.</summary>
    public LanguageExt.Either<CliError, LanguageExt.Option<string>> RefitDirectory(ParseResult r, Shard shard) =>
        r.GetValue(Refit) is not { } directory ? LanguageExt.Option<string>.None
        : string.IsNullOrWhiteSpace(directory) ? Bad<LanguageExt.Option<string>>("--refit needs a directory to train the winner into; found an empty name")
        : shard != Shard.All ? Bad<LanguageExt.Option<string>>("--refit trains the winner of the whole sweep, which a shard does not see: give --refit to 'fnet sweep --collect' of every shard's file")
        : LanguageExt.Prelude.Some(directory);

    /// <summary>Where each trial's history goes (none without --histories), or the one-line problem.</summary>
    public LanguageExt.Either<CliError, LanguageExt.Option<TrialHistories>> Histories(ParseResult r)
    {
        string format = r.GetValue(Format)!.Trim().ToLowerInvariant();
        string? directory = r.GetValue(HistoryDirectory);
        return !HistoryFormat.Names.Contains(format) ? Bad<LanguageExt.Option<TrialHistories>>($"--history-format '{format}' is not one of {string.Join(", ", HistoryFormat.Names)}")
            : directory is null ? r.GetResult(Format) is { Implicit: false } ? Bad<LanguageExt.Option<TrialHistories>>("--history-format goes with --histories DIR") : LanguageExt.Option<TrialHistories>.None
            : string.IsNullOrWhiteSpace(directory) ? Bad<LanguageExt.Option<TrialHistories>>("--histories needs a directory for the trials' histories; found an empty name")
            : LanguageExt.Prelude.Some(new TrialHistories(directory, new HistoryFormat(format)));
    }

    private static LanguageExt.Either<CliError, T> Bad<T>(string message) => new CliError(new Error("options.sweep", message));
}
