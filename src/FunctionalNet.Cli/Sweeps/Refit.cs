using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// <c>fnet sweep --refit DIR</c>: once every trial is recorded, the best configuration is trained by <c>fnet train</c>
/// itself — the sweep's fixed options and the winner's, recorded in the lines, with <c>--out DIR</c> — so DIR holds
/// what that train command would write (model, card, history, pictures), byte for byte.
/// </summary>
internal static class Refit
{
    /// <summary>
    /// Trains the winner of <paramref name="records"/> (all of one sweep) by <paramref name="scoring"/> into
    /// <paramref name="directory"/> and gives train's exit code (train says its own errors), or the one-line reason it cannot.
    /// </summary>
    public static Either<CliError, int> Run(IReadOnlyList<TrialRecord> records, Scoring scoring, string directory, bool quiet, Terminal terminal) =>
        from arguments in Arguments(records)
        from winner in Winner(records, scoring)
        from same in Unchanged(records, arguments)
        let train = (string[])["train", .. arguments, .. winner.Configuration.Arguments, "--out", directory, .. quiet ? ["--quiet"] : Array.Empty<string>()]
        let announced = Announce(terminal, winner, scoring, train)
        select Cli.Run(train, terminal);

    private static Unit Announce(Terminal terminal, (Configuration Configuration, double Mean) winner, Scoring scoring, string[] train)
    {
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"refit    {winner.Configuration} (held-out {scoring.Name} {winner.Mean:F4}): fnet {string.Join(' ', train.Select(Quoted))}"));
        return Unit.Default;
    }

    // The fixed options every line records; a sweep written before --refit recorded none.
    private static Either<CliError, ImmutableArray<string>> Arguments(IReadOnlyList<TrialRecord> records)
    {
        if (records.Count == 0) return Bad("--refit: there are no results to pick a winner from");
        int trials = records[0].Trials;
        if (records.Count < trials)
            return Bad(string.Create(CultureInfo.InvariantCulture,
                $"--refit trains the winner of the whole sweep, but {records.Count} of its {trials} trials are recorded; run the rest (or collect every shard's file) first"));
        var first = records[0].Arguments;
        if (first.IsDefault)
            return Bad("--refit: these results do not record the sweep's train options (written by an older fnet); run the sweep again with this one");
        if (records.FirstOrDefault(r => r.Arguments.IsDefault || !r.Arguments.SequenceEqual(first)) is { } other)
            return Bad(string.Create(CultureInfo.InvariantCulture, $"--refit: trial {other.Trial} records other train options than trial {records[0].Trial}; the lines were edited"));
        return first;
    }

    private static Either<CliError, (Configuration Configuration, double Mean)> Winner(IReadOnlyList<TrialRecord> records, Scoring scoring)
    {
        var best = Ranking.Rank(records, scoring)[0];
        if (!double.IsFinite(best.Mean)) return Bad<(Configuration, double)>($"--refit: no configuration has a finite held-out {scoring.Name} (every one diverged on some fold); nothing was trained");
        var record = records.First(r => r.Configuration == best.Configuration);
        return (new Configuration(best.Configuration, record.Config), best.Mean);
    }

    // The options must still give the sweep that was scored: a data file changed since (or another fnet's defaults)
    // would train something else under the winner's name.
    private static Either<CliError, Unit> Unchanged(IReadOnlyList<TrialRecord> records, ImmutableArray<string> arguments)
    {
        var first = records[0];
        var configurations = records.GroupBy(r => r.Configuration).OrderBy(g => g.Key).Select(g => new Configuration(g.Key, g.First().Config)).ToImmutableArray();
        return SweepPlan.Resolve([.. first.Config.Select(c => c.Key)], configurations, arguments, first.Folds)
            .MapLeft(e => e with { Error = e.Error with { Message = "--refit: " + e.Error.Message } })
            .Bind(plan => plan.Id == first.Sweep ? Prelude.Right<CliError, Unit>(Unit.Default)
                : Bad<Unit>($"--refit: the recorded options now give sweep {plan.Id}, not {first.Sweep} (a data file changed since the sweep, or another fnet version); nothing was trained"));
    }

    // As a shell would need it to run the line again.
    private static string Quoted(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,/=:+@%".Contains(c, StringComparison.Ordinal))
            ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static Either<CliError, T> Bad<T>(string message) => new CliError(new Error("sweep.refit", message));

    private static Either<CliError, ImmutableArray<string>> Bad(string message) => Bad<ImmutableArray<string>>(message);
}
