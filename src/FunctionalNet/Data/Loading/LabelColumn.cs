namespace FunctionalNet.Data.Loading;

/// <summary>Which CSV column holds the target: the last one (default), one at an index, or one named in the header.</summary>
public abstract record LabelColumn
{
    private protected LabelColumn() { }

    /// <summary>The last column.</summary>
    public static LabelColumn Last { get; } = new AtIndex(-1);

    /// <summary>The column at a 0-based <paramref name="index"/>; negative indices count from the end (−1 is the last).</summary>
    public static LabelColumn At(int index) => new AtIndex(index);

    /// <summary>The column whose header is <paramref name="name"/> (exact match first, then ignoring case); needs a header.</summary>
    public static LabelColumn Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new ByName(name);
    }

    /// <summary>Parses a command-line value: an integer is an index, anything else a header name.</summary>
    public static LabelColumn Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int index)
            ? At(index)
            : Named(text);
    }

    /// <summary>A column at an index (negative counts from the end).</summary>
    /// <param name="Index">0-based index, or −1 for the last column, −2 for the one before, ….</param>
    public sealed record AtIndex(int Index) : LabelColumn;

    /// <summary>A column named in the header.</summary>
    /// <param name="Name">The header text.</param>
    public sealed record ByName(string Name) : LabelColumn;
}
