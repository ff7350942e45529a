using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>One key of a grid: a train option (without its dashes) and the values it takes, in the order written.</summary>
internal sealed record GridKey(string Key, ImmutableArray<string> Values);

/// <summary>
/// A sweep's grid, <c>key=v1|v2,key=v1|v2…</c>: each key names a train option and takes every value listed; the
/// configurations are all combinations, the first key varying slowest. A comma-separated piece without '=' continues
/// the previous value, so <c>layers=50,50|100</c> is two values, "50,50" and "100".
/// </summary>
internal sealed record Grid(ImmutableArray<GridKey> Keys)
{
    public static readonly Grid Empty = new([]);

    /// <summary>Every combination of the keys' values, in canonical order (first key slowest); one empty one for no keys.</summary>
    public ImmutableArray<Configuration> Configurations()
    {
        IEnumerable<ImmutableArray<(string Key, string Value)>> all = [[]];
        foreach (var key in Keys)
            all = all.SelectMany(prefix => key.Values.Select(v => prefix.Add((key.Key, v))));
        return [.. all.Select((pairs, i) => new Configuration(i, pairs))];
    }

    /// <summary>
    /// Parses <paramref name="text"/> against the options a grid may vary (<paramref name="keys"/>), checking each value
    /// that must be a number; what a value means (a positive rate, a known optimizer) is checked with the rest of the
    /// options when the configuration is resolved.
    /// </summary>
    public static LanguageExt.Either<CliError, Grid> Parse(string text, IReadOnlyList<Option> keys)
    {
        if (!Written(text, keys).TryRight(out var written, out var problem)) return problem;
        var parsed = ImmutableArray.CreateBuilder<GridKey>();
        foreach (var (key, option, values) in written)
        {
            if (SearchSpace.IsDistribution(values)) return Bad($"--grid key '{key}' value '{values}' is a distribution: draw from it with --search random --trials N");
            if (!Listed(key, option, values).TryRight(out var list, out problem)) return problem;
            parsed.Add(new GridKey(key, list));
        }
        return new Grid(parsed.ToImmutable());
    }

    /// <summary>
    /// The key=values pieces of <paramref name="text"/> with the option each key names, in the order written (a piece
    /// without '=' continuing the previous value), or the one-line problem of an unknown, empty or repeated key.
    /// </summary>
    internal static LanguageExt.Either<CliError, IReadOnlyList<(string Key, Option Option, string Values)>> Written(string text, IReadOnlyList<Option> keys)
    {
        if (text.Trim().Length == 0) return Problem("--grid is empty; expected key=value|value,… e.g. layers=50|100,lr=0.001|0.01");
        var written = new List<(string Key, string Values)>();
        foreach (string piece in text.Split(','))
        {
            int eq = piece.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0) written.Add((piece[..eq].Trim().TrimStart('-').ToLowerInvariant(), piece[(eq + 1)..]));
            else if (written.Count > 0) written[^1] = (written[^1].Key, written[^1].Values + "," + piece);
            else return Problem($"--grid '{text}' does not start with key=value (e.g. layers=50|100,lr=0.001|0.01)");
        }
        var named = new List<(string, Option, string)>();
        foreach (var (key, values) in written)
        {
            var option = keys.FirstOrDefault(o => o.Name == "--" + key);
            if (key.Length == 0) return Problem($"--grid has a value without a key: '={values}'");
            if (option is null) return Problem($"--grid key '{key}' is not one of {string.Join(", ", keys.Select(o => o.Name[2..]))}");
            if (named.Any(k => k.Item1 == key)) return Problem($"--grid names key '{key}' twice; list all its values in one key=a|b");
            named.Add((key, option, values));
        }
        return named;
    }

    /// <summary>The values of <c>key=v1|v2</c>, each checked against the option's type, or the one-line problem.</summary>
    internal static LanguageExt.Either<CliError, ImmutableArray<string>> Listed(string key, Option option, string values)
    {
        var list = values.Split('|').Select(v => v.Trim()).ToImmutableArray();
        if (list.Any(v => v.Length == 0)) return Bad<ImmutableArray<string>>($"--grid key '{key}' has an empty value in '{values}'");
        if (list.FirstOrDefault(v => !IsValue(option.ValueType, v)) is { } wrong)
            return Bad<ImmutableArray<string>>($"--grid key '{key}' value '{wrong}' is not {Expected(option.ValueType)}");
        if (list.Distinct().Count() != list.Length) return Bad<ImmutableArray<string>>($"--grid key '{key}' lists a value twice in '{values}'");
        return list;
    }

    internal static bool IsValue(Type type, string v) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(double) => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d),
        var t when t == typeof(int) => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        var t when t == typeof(ulong) => ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        var t when t == typeof(bool) => v is "true" or "false",
        _ => true,
    };

    internal static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(double) => "a finite number",
        var t when t == typeof(int) => "an integer",
        var t when t == typeof(ulong) => "a non-negative integer",
        _ => "true or false",
    };

    private static LanguageExt.Either<CliError, Grid> Bad(string message) => Bad<Grid>(message);

    internal static LanguageExt.Either<CliError, T> Bad<T>(string message) => Problem(message);

    private static CliError Problem(string message) => new(new Error("options.grid", message));
}
