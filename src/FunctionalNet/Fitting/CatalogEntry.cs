using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet;

/// <summary>
/// What every catalog entry has: its name, a line of help and its numeric parameters. Settings given for an entry
/// (<see cref="ComponentSpec"/>) are checked against it: unknown names and values out of range are errors.
/// </summary>
public abstract record CatalogEntry(string Name, string Help, ImmutableArray<HyperParameter> Parameters)
{
    /// <summary>The parameter called <paramref name="name"/>, or null.</summary>
    public HyperParameter? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>The value of parameter <paramref name="name"/> in <paramref name="given"/>, else its default.</summary>
    public double Value(ImmutableSortedDictionary<string, double>? given, string name) =>
        given is not null && given.TryGetValue(name, out var v) ? v : Parameter(name)?.Default ?? throw new ArgumentException($"{Name} has no parameter {name}", nameof(name));

    /// <summary>Every problem with <paramref name="given"/>: a name this entry does not take, or a value out of its range.</summary>
    public IEnumerable<Error> Problems(ImmutableSortedDictionary<string, double>? given, string kind)
    {
        foreach (var (name, value) in given ?? ImmutableSortedDictionary<string, double>.Empty)
        {
            if (Parameter(name) is not { } p)
                yield return new Error($"options.{kind}.parameter", Parameters.IsEmpty
                    ? $"{kind} {Name} takes no parameters, found {name}"
                    : $"{kind} {Name} has no parameter {name}; it takes {string.Join(", ", Parameters.Select(q => q.Name))}");
            else if (p.Problem(Name, value) is { } problem) yield return problem with { Code = $"options.{kind}.{name}" };
        }
    }

    /// <summary>The name with its parameters' defaults, e.g. <c>adam(lr=0.001, beta1=0.9, …)</c>.</summary>
    public string Signature => Parameters.IsEmpty ? Name
        : $"{Name}({string.Join(", ", Parameters.Select(p => $"{p.Name}={p.Default.ToString("R", CultureInfo.InvariantCulture)}"))})";
}
