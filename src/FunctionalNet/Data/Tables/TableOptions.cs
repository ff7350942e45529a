using System.Collections.Immutable;

namespace FunctionalNet.Data.Tables;

/// <summary>
/// How <see cref="TableReader"/> reads a CSV table: the delimiter, which cells mean "missing", and role overrides.
/// The first line is always the header. Without an override a column whose present cells are all numbers is
/// numeric, and any other column is text (categorical).
/// </summary>
public sealed record TableOptions
{
    /// <summary>The field delimiter; <c>null</c> detects it from the header among , ; tab and |.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Cell texts (after trimming, compared exactly) that mean a missing value: empty, NA, NaN, ?, null by default.</summary>
    public ImmutableArray<string> MissingValues { get; init; } = DefaultMissingValues;

    /// <summary>Columns kept as text whatever they hold (a label, or codes such as "4", "6" that are categories).</summary>
    public ImmutableArray<string> Categorical { get; init; } = [];

    /// <summary>Columns that must be numeric: a text cell in one is an error naming it.</summary>
    public ImmutableArray<string> Numeric { get; init; } = [];

    /// <summary>Columns left out (ids, free text).</summary>
    public ImmutableArray<string> Drop { get; init; } = [];

    /// <summary>Reading stops after this many errors.</summary>
    public int MaxErrors { get; init; } = 10;

    /// <summary>The default missing markers.</summary>
    public static ImmutableArray<string> DefaultMissingValues { get; } = ["", "NA", "NaN", "?", "null"];

    /// <summary>The defaults.</summary>
    public static TableOptions Default { get; } = new();
}
