using System.Collections.Immutable;
using System.Globalization;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// Successive halving (<c>--search halving</c>): rung r cross-validates its configurations at
/// <c>min-epochs × factor^r</c> epochs, and the best ⌈n / factor⌉ of them (by the rung's ranking, ties by order) go
/// on to the next rung, until a rung has at most factor configurations: its best is the winner. Each rung is a sweep
/// of its own, written to <c>OUT.rungR.jsonl</c>, so it resumes and shards as any sweep does; a sharded rung is
/// complete when this shard's file and its peers' (<c>--peers</c>) hold every trial, and only then are promotions
/// decided — from the whole rung, so every shard promotes the same configurations as an unsharded run.
/// </summary>
internal static class Halving
{
    /// <summary>What one halving search needs beyond a sweep's plan.</summary>
    public sealed record Settings(int Factor, int MinEpochs, string Out, ImmutableArray<string> Peers);

    /// <summary>The results file of rung <paramref name="rung"/> of a search writing to <paramref name="path"/>.</summary>
    public static string RungPath(string path, int rung)
    {
        string extension = Path.GetExtension(path);
        return path[..^extension.Length] + string.Create(CultureInfo.InvariantCulture, $".rung{rung}") + (extension.Length > 0 ? extension : ".jsonl");
    }

    /// <summary>How many of <paramref name="count"/> configurations a rung promotes.</summary>
    public static int Promoted(int count, int factor) => (count + factor - 1) / factor;

    /// <summary>
    /// Runs the rungs in turn: <paramref name="resolve"/> plans a rung's configurations at an epoch count, and
    /// <paramref name="runRung"/> runs this shard's trials of rung r into a file (and reports them). Stops at the first
    /// rung whose trials are not all recorded yet, saying so, or after the last rung, naming the winner and handing
    /// that rung's records to <paramref name="finish"/> (<c>--refit</c>).
    /// </summary>
    public static LanguageExt.Either<CliError, int> Run(ImmutableArray<Configuration> configurations, Settings s,
        Func<ImmutableArray<Configuration>, int, LanguageExt.Either<CliError, SweepPlan>> resolve,
        Func<SweepPlan, string, LanguageExt.Either<CliError, Scoring>> scoring,
        Func<SweepPlan, Scoring, string, int, LanguageExt.Either<CliError, int>> runRung,
        Func<ImmutableArray<TrialRecord>, Scoring, LanguageExt.Either<CliError, int>> finish, Terminal terminal)
    {
        // Every rung's epochs are checked before the first trains: the last rung must not fail after hours of work.
        int rungs = 1;
        for (int n = configurations.Length; n > s.Factor; n = Promoted(n, s.Factor)) rungs++;
        long last = (long)Math.Min(s.MinEpochs * Math.Pow(s.Factor, rungs - 1), long.MaxValue);
        if (last > int.MaxValue)
            return new CliError(new Error("options.search", I($"rung {rungs - 1} would train {last} epochs, more than {int.MaxValue}; lower --min-epochs or --factor")));
        var candidates = configurations;
        var rungRecords = new List<ImmutableArray<TrialRecord>>();
        for (int rung = 0; ; rung++)
        {
            int epochs = (int)(s.MinEpochs * (long)Math.Pow(s.Factor, rung));
            string path = RungPath(s.Out, rung);
            terminal.Out.WriteLine(I($"rung     {rung}: {candidates.Length} configurations at {epochs} epochs, into {path}"));
            var renumbered = candidates.Select((c, i) => c with { Index = i }).ToImmutableArray();
            if (!(from plan in resolve(renumbered, epochs)
                  from score in scoring(plan, path)
                  from code in runRung(plan, score, path, rung)
                  from all in Recorded(plan, path, [.. s.Peers.Select(p => RungPath(p, rung))], terminal)
                  select (plan, score, all)).TryRight(out var done, out var problem))
                return problem;
            var (rungPlan, metric, records) = done;
            if (records.Length < rungPlan.TrialCount)
            {
                terminal.Out.WriteLine(I($"waiting  rung {rung} has {records.Length} of {rungPlan.TrialCount} trials; once the other shards (--peers) have run theirs, run this command again"));
                return ExitCode.Ok;
            }
            var ranked = Ranking.Rank(records, metric);
            rungRecords.Add(records);
            if (candidates.Length <= s.Factor)
            {
                terminal.Out.WriteLine($"best     {ranked[0].Values} ({metric.Name} {ranked[0].Mean.ToString("F4", CultureInfo.InvariantCulture)} at {epochs} epochs)");
                return SearchPicture.Write(s.Out, rungRecords, metric, terminal).Bind(_ => finish(records, metric));
            }
            var kept = ranked.Take(Promoted(candidates.Length, s.Factor)).Select(r => r.Configuration).Order().ToArray();
            terminal.Out.WriteLine(I($"promoted {kept.Length} of {candidates.Length}: ") + string.Join("; ", kept.Select(k => candidates[k].ToString())));
            candidates = [.. kept.Select(k => candidates[k])];
        }
    }

    // This shard's lines of the rung and its peers' (a peer that has not started the rung has no file yet).
    private static LanguageExt.Either<CliError, ImmutableArray<TrialRecord>> Recorded(SweepPlan plan, string path, string[] peers, Terminal terminal)
    {
        var read = new List<(TrialRecord, string)>();
        foreach (string file in peers.Prepend(path).DistinctBy(Path.GetFullPath))
        {
            if (!File.Exists(file)) continue;
            if (!ResultsFile.Read(file, terminal.Cancel, torn: true).TryRight(out var records, out var problem)) return problem;
            read.AddRange(records);
        }
        return ResultsFile.Merge(read, plan.Id, "--peers must name the other shards of this search");
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
