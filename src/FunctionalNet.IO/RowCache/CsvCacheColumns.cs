namespace FunctionalNet.IO;

/// <summary>
/// What each row of a CSV file carries besides its features, for a cache written from it in one pass
/// (<see cref="RowCache.Write(TextReader, string, string, FunctionalNet.Data.Loading.CsvOptions, CsvCacheColumns, int, CancellationToken)"/>):
/// a class label (the CSV options' label column) or a regression's target columns, and optionally a column of sample weights.
/// </summary>
/// <param name="Targets">A regression's target columns, by header name or 0-based index (negative counts from the end);
/// null for a class label.</param>
/// <param name="Weight">The column of per-sample weights (finite, ≥ 0), by name (placeholders x0, x1, … for a file without
/// a header), taken out of the features; null for none.</param>
public sealed record CsvCacheColumns(IReadOnlyList<string>? Targets = null, string? Weight = null)
{
    /// <summary>A class label and features, no weights.</summary>
    public static CsvCacheColumns ClassLabels { get; } = new();

    /// <summary>Whether the rows carry real-valued targets rather than a class label.</summary>
    public bool Regression => Targets is not null;
}
