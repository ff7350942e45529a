using System.Collections.Immutable;
using System.Numerics;
using System.Text.RegularExpressions;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>The state of a <see cref="GradientTransformation"/>: its step count and named vectors, as immutable copies.</summary>
/// <param name="Count">Updates applied so far.</param>
/// <param name="Names">The vectors' names, in declaration order.</param>
/// <param name="Vectors">One vector per name, each as long as the parameters.</param>
public sealed record CustomState<T>(int Count, ImmutableArray<string> Names, ImmutableArray<ImmutableArray<T>> Vectors)
    : RuleState, ICustomState where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The vector called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">There is no vector of that name.</exception>
    public ImmutableArray<T> Vector(string name)
    {
        int index = Names.IndexOf(name);
        return index >= 0 ? Vectors[index] : throw new ArgumentException($"no state vector '{name}'; present: {string.Join(", ", Names)}", nameof(name));
    }

    IEnumerable<int> ICustomState.Lengths => Vectors.Select(v => v.Length);
}

/// <summary>What shape checks need of a <see cref="CustomState{T}"/> without knowing its precision.</summary>
internal interface ICustomState
{
    ImmutableArray<string> Names { get; }

    IEnumerable<int> Lengths { get; }
}

/// <summary>The rule for state-vector names, shared by <see cref="Rules.Custom"/> and the checkpoint reader.</summary>
internal static partial class StateVectorNames
{
    /// <summary>Why <paramref name="names"/> cannot name a custom state's vectors, or null when they can.</summary>
    public static string? Problem(IReadOnlyList<string> names)
    {
        foreach (string name in names)
            if (name is null || !Valid().IsMatch(name)) return $"state vector name '{name}' must be letters, digits, '_' or '-'";
        return names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? $"state vector name '{twice.Key}' appears {twice.Count()} times"
            : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Valid();
}
