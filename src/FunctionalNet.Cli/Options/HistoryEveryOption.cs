using System.CommandLine;

namespace FunctionalNet.Cli.Options;

/// <summary>
/// <c>fnet train --history-every N</c>: record the training cost and the history's line every N epochs (and the last),
/// so the epochs between compute no cost; PyTorch Lightning's <c>log_every_n_steps</c>. 1, the default, is every epoch.
/// </summary>
internal static class HistoryEveryOption
{
    public static Option<int> Every { get; } = new("--history-every")
    {
        Description = "Record the training cost (a history line, progress, early stopping) every N epochs and at the last; the epochs between compute no cost, which a full-batch epoch of a small network otherwise spends much of its time on. Patience counts recorded epochs; first-order optimizers only; --checkpoint-every must be a multiple of N",
        DefaultValueFactory = _ => 1,
    };

    /// <summary><paramref name="settings"/> with the interval given, or the one-line refusal of one that cannot be honoured.</summary>
    public static LanguageExt.Either<CliError, TrainSettings> Into(ParseResult r, TrainSettings settings)
    {
        int every = r.GetValue(Every);
        string? problem = every < 1 ? $"--history-every must be ≥ 1, found {every}"
            : settings.CheckpointEvery % every != 0 ? $"--checkpoint-every {settings.CheckpointEvery} must be a multiple of --history-every {every}: a checkpoint is taken at a recorded epoch, and keeps the costs of the recorded epochs"
            : null;
        return problem is null ? settings with { HistoryEvery = every } : new CliError(new Error("options.history-every", problem));
    }
}
