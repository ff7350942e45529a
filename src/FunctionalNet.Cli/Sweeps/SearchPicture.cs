using System.Collections.Immutable;
using FunctionalNet.Cli.Storage;
using FunctionalNet.IO;
using FunctionalNet.Plots;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// The picture of a finished search, beside its results file (<c>sweep.jsonl</c> → <c>sweep.svg</c>): held-out
/// score (mean ± sd over folds) against each swept parameter, every halving rung in its own colour.
/// </summary>
internal static class SearchPicture
{
    /// <summary>Where the picture of the search writing <paramref name="results"/> goes.</summary>
    public static string PathFor(string results) => Path.ChangeExtension(results, ".svg") is var svg && svg != results ? svg : results + ".svg";

    /// <summary>The picture of each rung's records (one rung for a grid or random search); null when nothing was swept.</summary>
    public static string? Render(IReadOnlyList<ImmutableArray<TrialRecord>> rungs, Scoring scoring, string title)
    {
        var keys = rungs.SelectMany(r => r).FirstOrDefault()?.Config.Select(p => p.Key).ToArray() ?? [];
        if (keys.Length == 0) return null;
        var points = rungs.SelectMany((records, rung) =>
        {
            var config = records.GroupBy(r => r.Configuration).ToDictionary(g => g.Key, g => g.First().Config);
            return Ranking.Rank(records, scoring).Select(c => (Config: config[c.Configuration], c.Mean, c.Sd, Rung: rung));
        }).ToList();
        return SearchChart.Render([.. keys.Select((key, k) => (key, (IReadOnlyList<SearchPoint>)[.. points.Select(p => new SearchPoint(p.Config[k].Value, p.Mean, p.Sd, p.Rung))]))],
            scoring.Name, title);
    }

    /// <summary>Writes the picture of <paramref name="rungs"/> for the search writing <paramref name="results"/>, and says where (nothing when nothing was swept).</summary>
    public static LanguageExt.Either<CliError, LanguageExt.Unit> Write(string results, IReadOnlyList<ImmutableArray<TrialRecord>> rungs, Scoring scoring, Terminal terminal)
    {
        string path = PathFor(results);
        if (Render(rungs, scoring, $"sweep {rungs[0].FirstOrDefault()?.Sweep}: held-out {scoring.Name}") is not { } svg) return LanguageExt.Unit.Default;
        return Files.Guard<LanguageExt.Unit>(path, "picture", () =>
        {
            AtomicWrite.Write(path, System.Text.Encoding.UTF8.GetBytes(svg));
            terminal.Out.WriteLine($"drew     {path}");
            return LanguageExt.Unit.Default;
        });
    }
}
