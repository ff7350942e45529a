using System.Collections.Immutable;
using System.Globalization;

namespace FunctionalNet;

/// <summary>
/// A choice from the catalog by name, with the parameters given for it (the rest take the catalog's defaults): an
/// optimizer such as <c>adamw</c> with <c>lr</c> and <c>weight-decay</c>, or a schedule such as <c>step</c> with
/// <c>factor</c> and <c>every</c>. A small serialisable value; <see cref="MlpOptions.Validate"/> checks it.
/// </summary>
/// <param name="Name">The catalog name.</param>
/// <param name="Parameters">Given parameters by name; null or empty for the defaults.</param>
public sealed record ComponentSpec(string Name, ImmutableSortedDictionary<string, double>? Parameters = null)
{
    /// <summary>The given parameters, never null.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ImmutableSortedDictionary<string, double> Given => Parameters ?? ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>The same choice with parameter <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public ComponentSpec With(string name, double value) => this with { Parameters = Given.WithComparers(StringComparer.Ordinal).SetItem(name, value) };

    /// <summary>
    /// Reads <c>name</c> or <c>name(key=value, …)</c>, as command lines write a choice (e.g. <c>step(factor=0.5,every=10)</c>);
    /// whether the catalog knows the name and parameters is <see cref="MlpOptions.Validate"/>'s to say.
    /// </summary>
    public static LanguageExt.Either<Error, ComponentSpec> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim().ToLowerInvariant();
        int open = s.IndexOf('(', StringComparison.Ordinal);
        if (open < 0) return s.Length > 0 ? new ComponentSpec(s) : new Error("options.spec", "expected a name, found nothing");
        if (!s.EndsWith(')')) return new Error("options.spec", $"'{text}': expected name(key=value, …) with a closing parenthesis");
        var spec = new ComponentSpec(s[..open].Trim());
        foreach (var item in s[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(item[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                return new Error("options.spec", $"'{text}': expected key=number, found '{item}'");
            spec = spec.With(item[..eq].Trim(), value);
        }
        return spec;
    }

    /// <summary>A choice by name with no parameters given.</summary>
    public static implicit operator ComponentSpec(string name) => new(name);

    /// <summary>A choice by name (the named alternative to the implicit conversion).</summary>
    public static ComponentSpec Named(string name) => new(name);

    /// <inheritdoc/>
    public bool Equals(ComponentSpec? other) =>
        other is not null && Name == other.Name && Given.Count == other.Given.Count
        && Given.All(p => other.Given.TryGetValue(p.Key, out var v) && v.Equals(p.Value));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Given.Count);

    /// <summary><c>name</c> or <c>name(a=1, b=2)</c>.</summary>
    public override string ToString() => Given.IsEmpty ? Name
        : $"{Name}({string.Join(", ", Given.Select(p => $"{p.Key}={p.Value.ToString("R", CultureInfo.InvariantCulture)}"))})";
}
