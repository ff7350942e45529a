using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Training;
using FunctionalNet.Data;
using LanguageExt;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// Every trial of a sweep in canonical order (configuration-major, then fold: trial = configuration × folds + fold)
/// and the sweep's id, a hash of what decides the trials' results: each configuration's resolved train settings and
/// network, the fold count, and the bytes of any data file. <see cref="Arguments"/> are the fixed train options every
/// trial shares, recorded in each line so that <c>--refit</c> can train the winner from the lines alone.
/// </summary>
internal sealed record SweepPlan(string Id, int FoldCount, ImmutableArray<ResolvedConfiguration> Configurations, ImmutableArray<string> Arguments)
{
    /// <summary>Fork of the seed's key that deals the folds; train uses forks 0–4 (data, test, validation, init, shuffling).</summary>
    public const ulong FoldFork = 5;

    public int TrialCount => Configurations.Length * FoldCount;

    /// <summary>The configuration and fold of canonical trial <paramref name="trial"/>.</summary>
    public (ResolvedConfiguration Configuration, int Fold) Trial(int trial) => (Configurations[trial / FoldCount], trial % FoldCount);

    /// <summary>Resolves every configuration of <paramref name="grid"/> over the <paramref name="fixedArguments"/>, or the first one-line problem.</summary>
    public static Either<CliError, SweepPlan> Resolve(Grid grid, IReadOnlyList<string> fixedArguments, int folds) =>
        Resolve([.. grid.Keys.Select(k => k.Key)], grid.Configurations(), fixedArguments, folds);

    /// <summary>Resolves <paramref name="configurations"/> (of the grid or search keys <paramref name="keys"/>) over the fixed arguments.</summary>
    public static Either<CliError, SweepPlan> Resolve(IReadOnlyList<string> keys, ImmutableArray<Configuration> configurations, IReadOnlyList<string> fixedArguments, int folds)
    {
        if (folds < 2) return Bad($"--folds must be at least 2, found {folds}");
        if (keys.FirstOrDefault(k => fixedArguments.Contains("--" + k)) is { } both)
            return Bad($"--{both} is both a fixed option and a --grid key; give it in one place");
        var loaded = new Dictionary<string, Either<CliError, LoadedData>>(StringComparer.Ordinal);
        var resolved = ImmutableArray.CreateBuilder<ResolvedConfiguration>();
        foreach (var configuration in configurations)
        {
            string where = configuration.Values.IsEmpty ? "" : $"--grid configuration {configuration}: ";
            var one =
                from trial in SweptOptions.Parse([.. fixedArguments, .. configuration.Arguments])
                from given in trial.Train.Read(trial.Parsed)
                from data in Data(given, trial.Network.AsksForSquaredError(trial.Parsed), folds, loaded)
                let regression = data.Data.Targets is ValueTargets
                // Read again knowing the task, as train does: a regression has its own defaults.
                from settings in trial.Train.Read(trial.Parsed, regression ? Formats.ModelCard.Regression : Formats.ModelCard.Classification)
                from architecture in trial.Network.Build(trial.Parsed, data.Data.FeatureCount,
                    data.Data.Targets is ValueTargets values ? values.Names.Length : data.Data.Classes.ClassCount, DataCatalog.DefaultsFor(settings.Data, settings.Task), regression)
                from plan in EnginePlan.Create(settings.Mlp(architecture), data.Folds[0].Train.Length).OrProblems()
                select new ResolvedConfiguration(configuration, settings, architecture, data.Data, data.Folds) { Rows = data.Rows };
            if (!one.TryRight(out var r, out var problem))
                return problem with { Error = problem.Error with { Message = where + problem.Error.Message } };
            resolved.Add(r);
        }
        var all = resolved.ToImmutable();
        return from id in Identify(all, folds) select new SweepPlan(id, folds, all, [.. fixedArguments]);
    }

    // Loaded once per data source (and per seed only for generated sets, whose points the seed draws); folds per seed,
    // stratified by class for a classification and plain k-fold for a regression (there are no classes to spread).
    private static Either<CliError, (Dataset Data, ImmutableArray<CrossValidationFold> Folds, TableRows? Rows)> Data(TrainSettings s, bool squaredError, int folds,
        Dictionary<string, Either<CliError, LoadedData>> cache)
    {
        bool drawn = DataCatalog.Entries.Any(e => e.Generated && e.Name.Equals(s.Data.Trim(), StringComparison.OrdinalIgnoreCase));
        string key = string.Join('\n', s.Data, s.Label, s.Labels, s.Samples, s.Noise, s.Task, squaredError, drawn ? s.Seed : 0);
        if (!cache.TryGetValue(key, out var data)) cache[key] = data = TrainingData.Load(s, squaredError);
        var rng = Rng.Create(s.Seed).Fork(FoldFork);
        return
            from l in data
            let d = l.Data
            from fit in folds <= d.Count ? Prelude.Right<CliError, Dataset>(d) : Bad<Dataset>($"--folds {folds} is more than the {d.Count} rows of {s.Data}")
            select (d, d.Targets is ValueTargets ? CrossValidation.KFold(d.Count, folds, rng) : CrossValidation.StratifiedKFold(d.Labels, folds, rng), l.Rows);
    }

    /// <summary>True when the sweep's data has real-valued targets.</summary>
    public bool Regression => Configurations[0].Data.Targets is ValueTargets;

    private static Either<CliError, string> Identify(ImmutableArray<ResolvedConfiguration> configurations, int folds)
    {
        // Version 2 lines carry every --scoring metric, version 3 lines the fixed arguments and the final history row;
        // an older file is resumed as another sweep's.
        var text = new StringBuilder().Append("fnet sweep 3\nfolds ").Append(folds).Append('\n');
        foreach (var file in configurations.SelectMany(c => new[] { c.Settings.Data, c.Settings.Labels }).OfType<string>().Distinct(StringComparer.Ordinal)
                     .Where(f => !DataCatalog.IsBuiltIn(f)))
        {
            if (!Files.Guard<string>(file, "data file", () =>
                {
                    using var stream = File.OpenRead(file);
                    return Convert.ToHexStringLower(SHA256.HashData(stream));
                }).TryRight(out var hash, out var problem))
                return problem;
            text.Append("file ").Append(file).Append(' ').Append(hash).Append('\n');
        }
        foreach (var c in configurations)
            text.Append(c.Configuration.Index).Append(' ').Append(c.Configuration).Append(' ').Append(c.Settings).Append(' ').Append(c.Architecture).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static Either<CliError, T> Bad<T>(string message) => new CliError(new Error("options.sweep", message));

    private static Either<CliError, SweepPlan> Bad(string message) => Bad<SweepPlan>(message);
}
