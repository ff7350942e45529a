using System.CommandLine;
using FunctionalNet.Cli.Training;

namespace FunctionalNet.Cli.Options;

/// <summary><c>fnet train</c>'s training-history option (a sweep writes its trials' histories only with --histories).</summary>
internal sealed class HistoryOptions
{
    /// <summary>The format of <c>OUT/history.*</c>.</summary>
    public Option<string> Format { get; } = new("--history-format")
    {
        Description = "Format of the training history written to OUT/history.csv or OUT/history.jsonl, one line per epoch as it ends (epoch, train_cost, validation_cost, validation_accuracy or validation_r2, learning_rate, seconds): csv or jsonl",
        DefaultValueFactory = _ => "csv",
    };

    public void AddTo(Command command) => command.Add(Format);

    /// <summary><paramref name="settings"/> with the history format given, or the one-line refusal of a format that is not one.</summary>
    public LanguageExt.Either<CliError, TrainSettings> Into(ParseResult r, TrainSettings settings)
    {
        string name = r.GetValue(Format)!.Trim().ToLowerInvariant();
        return HistoryFormat.Names.Contains(name) ? settings with { History = new HistoryFormat(name) }
            : new CliError(new Error("options.history-format", $"--history-format '{name}' is not one of {string.Join(", ", HistoryFormat.Names)}"));
    }
}
