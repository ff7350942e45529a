namespace FunctionalNet.Data.Loading;

/// <summary>What the target column of a CSV file means.</summary>
public enum CsvTask
{
    /// <summary>
    /// Class labels (numbers or strings), mapped to classes 0…k−1 in sorted order. When every label is a finite number,
    /// labels are compared by value ("1", "1.0" and "1e0" are one class, named "1") and sorted numerically.
    /// </summary>
    Classification,

    /// <summary>A real value to predict.</summary>
    Regression,

    /// <summary>No target column: every column is a feature (data to predict on).</summary>
    Unlabelled,
}

/// <summary>How to read a CSV file. The defaults detect the delimiter and header and take the last column as class labels.</summary>
public sealed record CsvOptions
{
    /// <summary>The field delimiter; <c>null</c> detects it from the first line among , ; tab and |.</summary>
    public char? Delimiter { get; init; }

    /// <summary>
    /// Whether the first line is a header; <c>null</c> detects it: a header has a non-numeric feature cell (or, for
    /// regression, target cell), or (for classification) a text label found nowhere else that is not a plausible label
    /// of the rest: every other label is a number, or the feature cells are the column positions 0…k−1 or 1…k (as
    /// pandas writes <c>0,1,2,3,species</c>). An explicit value always wins.
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>Where the target is (ignored for <see cref="CsvTask.Unlabelled"/>).</summary>
    public LabelColumn Label { get; init; } = LabelColumn.Last;

    /// <summary>What the target means.</summary>
    public CsvTask Task { get; init; } = CsvTask.Classification;

    /// <summary>
    /// Whether labels of only one class are accepted (for <see cref="CsvTask.Classification"/>). Training needs at
    /// least two, so the default refuses one with <c>csv.single-class</c>; scoring a model on a file that holds
    /// only one of its classes (all the 7s) is legitimate, and sets this.
    /// </summary>
    public bool AllowSingleClass { get; init; }

    /// <summary>
    /// Whether features are stored as <see cref="float"/> (4 bytes a value, for float32 training) rather than
    /// <see cref="double"/>: each cell is read as a double and rounded once, so the values equal what converting
    /// the double data set would give, at half the memory and without the double copy.
    /// </summary>
    public bool SinglePrecision { get; init; }

    /// <summary>Reading stops after this many errors, so a broken large file reports quickly.</summary>
    public int MaxErrors { get; init; } = 10;

    /// <summary>The defaults.</summary>
    public static CsvOptions Default { get; } = new();
}
