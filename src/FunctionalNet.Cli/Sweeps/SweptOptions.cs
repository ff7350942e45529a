using System.CommandLine;
using System.CommandLine.Parsing;
using FunctionalNet.Cli.Options;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// The train options as a sweep takes them: each one either fixed on the sweep's command line or varied by the grid.
/// A trial's settings are <c>fnet train</c>'s own parse of the fixed options plus its configuration's, so defaults
/// (per optimizer, per data set) and validation are exactly train's.
/// </summary>
internal static class SweptOptions
{
    // About one run's outputs or its held-out test part: a sweep scores on folds and keeps no model.
    private static readonly string[] NotSwept = ["--out", "--test-split", "--test-data", "--test-labels", "--checkpoint-every", "--resume", "--log-scale", "--quiet"];

    // The data is one for the whole sweep (its folds are the sweep's): these may be fixed but not varied.
    private static readonly string[] DataOptions = ["--data", "--label", "--labels"];

    /// <summary>Adds the train and network options a sweep takes to <paramref name="command"/> and returns them.</summary>
    public static IReadOnlyList<Option> AddTo(Command command)
    {
        var all = new Command("train");
        new NetworkOptions().AddTo(all);
        new TrainOptions().AddTo(all);
        var swept = all.Options.Where(o => !NotSwept.Contains(o.Name)).ToList();
        foreach (var o in swept) command.Add(o);
        return swept;
    }

    /// <summary>The options a grid may vary.</summary>
    public static IReadOnlyList<Option> GridKeys(IReadOnlyList<Option> swept) => [.. swept.Where(o => !DataOptions.Contains(o.Name))];

    /// <summary>The swept options given on the command line, as arguments in canonical form (name, then its values).</summary>
    public static IReadOnlyList<string> Fixed(ParseResult r, IReadOnlyList<Option> swept) =>
        [.. swept.Select(r.GetResult).OfType<OptionResult>().Where(o => !o.Implicit)
            .SelectMany(o => o.Tokens.Select(t => t.Value).Prepend(o.Option.Name))];

    /// <summary>
    /// Parses one trial's options as <c>fnet train</c> would: the fixed arguments plus a configuration's, quiet (a trial
    /// reports through the sweep).
    /// </summary>
    public static LanguageExt.Either<CliError, (TrainOptions Train, NetworkOptions Network, ParseResult Parsed)> Parse(IEnumerable<string> arguments)
    {
        var train = new TrainOptions();
        var network = new NetworkOptions();
        var command = new RootCommand();
        network.AddTo(command);
        train.AddTo(command);
        var parsed = command.Parse([.. arguments, "--quiet"]);
        return parsed.Errors.Count > 0
            ? new CliError(new Error("options.grid", parsed.Errors[0].Message))
            : (train, network, parsed);
    }
}
