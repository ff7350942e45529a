using System.Collections.Immutable;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>
/// The fitted preprocessing of one raw column, by name, as the model card stores it: a numeric column's fill value,
/// or a text column's fill category and one-hot categories; and whether a missing-indicator column follows.
/// </summary>
/// <param name="Name">The raw column.</param>
/// <param name="Kind"><c>numeric</c> or <c>categorical</c>.</param>
/// <param name="Fill">What a numeric gap becomes (ignored for text).</param>
/// <param name="FillCategory">What a text gap becomes (null for numeric columns).</param>
/// <param name="Categories">The one-hot columns, in sorted order (empty for numeric columns).</param>
/// <param name="Infrequent">Categories grouped into one trailing <c>Name=infrequent</c> column; empty when none were.</param>
/// <param name="Indicator">Whether a 0/1 column <c>Name (missing)</c> marks the gaps.</param>
public sealed record ColumnEncoding(string Name, string Kind, double Fill, string? FillCategory, ImmutableArray<string> Categories,
    ImmutableArray<string> Infrequent, bool Indicator)
{
    /// <summary>The kind of a numeric column.</summary>
    public const string Numeric = "numeric";

    /// <summary>The kind of a text column.</summary>
    public const string Categorical = "categorical";

    /// <summary>True for a text column.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsCategorical => Kind == Categorical;

    /// <summary>The feature names this column becomes: <c>Name</c>, or <c>Name=value</c> per category; then <c>Name (missing)</c> with an indicator.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<string> FeatureNames =>
        (IsCategorical
            ? Categories.Select(c => $"{Name}={c}").Concat(Infrequent.IsDefaultOrEmpty ? [] : [$"{Name}=infrequent"])
            : [Name])
        .Concat(Indicator ? [$"{Name} (missing)"] : []);

    /// <summary>Number of features this column becomes.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Width => (IsCategorical ? Categories.Length + (Infrequent.IsDefaultOrEmpty ? 0 : 1) : 1) + (Indicator ? 1 : 0);
}
