using System.Collections.Immutable;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>One point of a grid: its index in canonical order and a value for each grid key, in the grid's key order.</summary>
internal sealed record Configuration(int Index, ImmutableArray<(string Key, string Value)> Values)
{
    /// <summary>The option arguments that set this configuration, e.g. <c>--layers 50 --lr 0.01</c>.</summary>
    public IEnumerable<string> Arguments => Values.SelectMany(p => new[] { "--" + p.Key, p.Value });

    /// <summary>As the table and error lines show it: <c>layers=50 lr=0.01</c>, or "(fixed settings)" for an empty grid.</summary>
    public override string ToString() => Values.IsEmpty ? "(fixed settings)" : string.Join(' ', Values.Select(p => $"{p.Key}={p.Value}"));
}
