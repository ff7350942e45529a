using System.Collections.Immutable;
using System.CommandLine;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>How a sweep chooses its configurations: <c>--search grid|random|halving</c> and their settings.</summary>
internal sealed class SearchOptions
{
    /// <summary>The most configurations a random search draws: each is resolved (parsed and checked) before any trial runs.</summary>
    public const int MaxTrials = 100_000;

    public Option<string> Search { get; } = new("--search")
    {
        Description = "grid: every combination of --grid's values; random: --trials configurations drawn from --grid's distributions (choice(a|b), uniform(lo,hi), loguniform(lo,hi), int(lo,hi); a plain a|b is a choice); halving: successive halving over the grid's configurations (or --trials drawn ones), see --factor",
        DefaultValueFactory = _ => "grid",
    };

    public Option<int?> Trials { get; } = new("--trials") { Description = "Configurations a random search draws (each cross-validated over --folds); configuration i is the same whatever --trials is" };

    public Option<ulong> SearchSeed { get; } = new("--search-seed") { Description = "Seed of a random search's draws (the trials' own --seed is separate)", DefaultValueFactory = _ => 0UL };

    public Option<int> Factor { get; } = new("--factor") { Description = "Successive halving: each rung keeps the best 1/factor of its configurations and trains them factor times as many epochs", DefaultValueFactory = _ => 3 };

    public Option<int?> MinEpochs { get; } = new("--min-epochs") { Description = "Successive halving: the epochs of the first rung (rung r trains min-epochs × factor^r)" };

    public Option<string[]> Peers { get; } = new("--peers")
    {
        Description = "Successive halving with --shard: the other shards' --out files, read to learn when a rung is complete and which configurations it promotes",
        AllowMultipleArgumentsPerToken = true,
    };

    public IEnumerable<Option> All => [Search, Trials, SearchSeed, Factor, MinEpochs, Peers];

    /// <summary>Whether the search is successive halving.</summary>
    public bool IsHalving(ParseResult r) => r.GetValue(Search)!.Trim().Equals("halving", StringComparison.OrdinalIgnoreCase);

    /// <summary>Successive halving's settings, checked against the sweep's keys and fixed arguments, or the one-line problem.</summary>
    public LanguageExt.Either<CliError, Halving.Settings> Halving(ParseResult r, IReadOnlyList<string> keys, IReadOnlyList<string> fixedArguments, string output)
    {
        int factor = r.GetValue(Factor);
        int? minEpochs = r.GetValue(MinEpochs);
        string[] peers = r.GetValue(Peers) ?? [];
        string? problem =
            factor < 2 ? $"--factor must be at least 2, found {factor}"
            : minEpochs is null ? "--search halving needs --min-epochs R, the epochs of its first rung"
            : minEpochs < 1 ? $"--min-epochs must be at least 1, found {minEpochs}"
            : keys.Contains("epochs") || fixedArguments.Contains("--epochs") ? "--search halving sets each rung's epochs (--min-epochs × factor^rung): give no --epochs"
            : peers.Any(string.IsNullOrWhiteSpace) ? "--peers needs results file names; found an empty one"
            : null;
        return problem is null ? new Halving.Settings(factor, minEpochs!.Value, output, [.. peers])
            : new CliError(new Error("options.search", problem));
    }

    /// <summary>The keys and the configurations the sweep (or halving's first rung) tries, or the one-line problem.</summary>
    public LanguageExt.Either<CliError, (IReadOnlyList<string> Keys, ImmutableArray<Configuration> Configurations)> Configurations(ParseResult r, string? grid, IReadOnlyList<Option> keys)
    {
        string search = r.GetValue(Search)!.Trim().ToLowerInvariant();
        int? trials = r.GetValue(Trials);
        string? problem =
            search is not ("grid" or "random" or "halving") ? $"--search '{search}' is not one of grid, random, halving"
            : trials is { } t && t < 1 ? $"--trials must be at least 1, found {t}"
            : trials > MaxTrials ? $"--trials must be at most {MaxTrials}, found {trials}"
            : search == "random" && trials is null ? "--search random needs --trials N, the number of configurations to draw"
            : search == "grid" && trials is not null ? "--trials goes with --search random or halving; a grid tries every combination"
            : search != "halving" && (Given(r, Factor) || Given(r, MinEpochs) || Given(r, Peers)) ? "--factor, --min-epochs and --peers go with --search halving"
            : null;
        if (problem is not null) return new CliError(new Error("options.search", problem));
        if (trials is { } count)
        {
            if (grid is null) return new CliError(new Error("options.search", "--trials draws from --grid's distributions, which is missing"));
            return SearchSpace.Parse(grid, keys).Map(space =>
                ((IReadOnlyList<string>)[.. space.Keys.Select(k => k.Key)], space.Configurations(r.GetValue(SearchSeed), count)));
        }
        return (grid is null ? LanguageExt.Prelude.Right<CliError, Grid>(Grid.Empty) : Grid.Parse(grid, keys))
            .Map(g => ((IReadOnlyList<string>)[.. g.Keys.Select(k => k.Key)], g.Configurations()));
    }

    private static bool Given(ParseResult r, Option option) => r.GetResult(option) is { Implicit: false };
}
