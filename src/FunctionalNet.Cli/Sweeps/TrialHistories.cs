using System.Globalization;
using FunctionalNet.Cli.Training;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// Where <c>--histories DIR</c> puts each trial's full training history: <c>DIR/trial-INDEX.csv</c> (or <c>.jsonl</c>),
/// INDEX the trial's canonical index, the columns those of <c>fnet train</c>'s <c>history.csv</c>.
/// </summary>
internal sealed record TrialHistories(string Directory, HistoryFormat Format)
{
    /// <summary>The history file of trial <paramref name="trial"/>.</summary>
    public string PathOf(int trial) => Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"trial-{trial}.{Format.Name}"));

    /// <summary>
    /// Creates the directory before any trial runs, so a path that cannot be one is one line, not a warning per trial;
    /// a model directory is refused, as a sweep leaves saved models as they are.
    /// </summary>
    public LanguageExt.Either<CliError, LanguageExt.Unit> Create() => Storage.Files.Guard(Directory, "histories directory", () =>
    {
        if (File.Exists(Path.Combine(Directory, Storage.ModelStore.CardFile)))
            return new CliError(new Error("options.histories", $"--histories {Directory} holds a model ({Storage.ModelStore.CardFile}): give the trials' histories a directory of their own"));
        System.IO.Directory.CreateDirectory(Directory);
        return LanguageExt.Prelude.Right<CliError, LanguageExt.Unit>(LanguageExt.Unit.Default);
    });

    /// <summary>The histories of successive halving's rung <paramref name="rung"/>, in their own folder (each rung numbers its trials from 0).</summary>
    public TrialHistories Rung(int rung) => this with { Directory = Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"rung{rung}")) };
}
