using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>One key of a random search: a train option (without its dashes) and the distribution of its values.</summary>
internal sealed record SearchKey(string Key, Distribution Values);

/// <summary>
/// A random search's space, written in the grid's syntax with distributions for values
/// (<c>lr=loguniform(1e-4,1e-1),layers=choice(32|64,32),dropout=uniform(0,0.5),epochs=int(50,300)</c>). Configuration
/// i is a pure function of (seed, i): each key's value is drawn from the seed's fork i, then the key's own fork, so a
/// configuration does not depend on how many are drawn, on the shard that runs it, or on the other keys.
/// </summary>
internal sealed record SearchSpace(ImmutableArray<SearchKey> Keys)
{
    private static readonly string[] Names = ["choice", "uniform", "loguniform", "int"];

    /// <summary>Whether a key's values are written as a distribution, <c>name(…)</c>.</summary>
    public static bool IsDistribution(string values)
    {
        string v = values.Trim();
        return v.EndsWith(')') && Names.Any(n => v.StartsWith(n + "(", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Configurations 0 … <paramref name="count"/> − 1 drawn with <paramref name="seed"/>.</summary>
    public ImmutableArray<Configuration> Configurations(ulong seed, int count)
    {
        var keys = Keys;
        return [.. Enumerable.Range(0, count).Select(i => Draw(seed, i, keys))];
    }

    /// <summary>Configuration <paramref name="index"/> of the space drawn with <paramref name="seed"/>.</summary>
    public static Configuration Draw(ulong seed, int index, ImmutableArray<SearchKey> keys)
    {
        var draw = Rng.Create(seed).Fork((ulong)index);
        return new Configuration(index, [.. keys.Select((k, j) => (k.Key, k.Values.Draw(draw.Fork((ulong)j))))]);
    }

    /// <summary>Parses <paramref name="text"/> against the options a search may vary, or gives the one-line problem.</summary>
    public static LanguageExt.Either<CliError, SearchSpace> Parse(string text, IReadOnlyList<Option> keys)
    {
        if (!Grid.Written(text, keys).TryRight(out var written, out var problem)) return problem;
        var parsed = ImmutableArray.CreateBuilder<SearchKey>();
        foreach (var (key, option, values) in written)
        {
            if (!Distributed(key, option, values.Trim()).TryRight(out var distribution, out problem)) return problem;
            parsed.Add(new SearchKey(key, distribution));
        }
        return new SearchSpace(parsed.ToImmutable());
    }

    private static LanguageExt.Either<CliError, Distribution> Distributed(string key, Option option, string values)
    {
        if (!IsDistribution(values)) return Grid.Listed(key, option, values).Map(list => (Distribution)new Distribution.Choice(list));
        int open = values.IndexOf('(', StringComparison.Ordinal);
        string name = values[..open].ToLowerInvariant(), inside = values[(open + 1)..^1];
        if (name == "choice") return Grid.Listed(key, option, inside).Map(list => (Distribution)new Distribution.Choice(list));
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        var ends = inside.Split(',');
        string shape = $"--grid key '{key}': '{values}' is not {name}(low,high)";
        if (name == "int")
        {
            if (type != typeof(int) && type != typeof(double) && type != typeof(ulong) && type != typeof(string))
                return Grid.Bad<Distribution>($"--grid key '{key}' takes {Grid.Expected(option.ValueType)}, not an int(…) draw");
            if (ends.Length != 2 || !int.TryParse(ends[0].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int lo)
                || !int.TryParse(ends[1].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int hi))
                return Grid.Bad<Distribution>(shape + " with integer ends");
            if (lo > hi) return Grid.Bad<Distribution>($"--grid key '{key}': {values} has low {lo} above high {hi}");
            if (type == typeof(ulong) && lo < 0) return Grid.Bad<Distribution>($"--grid key '{key}': {values} draws negative values, and {key} is {Grid.Expected(option.ValueType)}");
            return new Distribution.Integer(lo, hi);
        }
        if (type != typeof(double) && type != typeof(string))
            return Grid.Bad<Distribution>($"--grid key '{key}' takes {Grid.Expected(option.ValueType)}: draw it with int(low,high) or choice(…), not {name}(…)");
        if (ends.Length != 2 || !double.TryParse(ends[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double low)
            || !double.TryParse(ends[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double high) || !double.IsFinite(low) || !double.IsFinite(high))
            return Grid.Bad<Distribution>(shape + " with finite ends");
        if (!(low < high)) return Grid.Bad<Distribution>($"--grid key '{key}': {values} needs low below high");
        if (name == "loguniform" && !(low > 0)) return Grid.Bad<Distribution>($"--grid key '{key}': {values} needs 0 < low (it is uniform in log space)");
        return new Distribution.Real(low, high, name == "loguniform");
    }
}
