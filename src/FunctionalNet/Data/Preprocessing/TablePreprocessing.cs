using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Data.Tables;
using FunctionalNet.Tensors;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>
/// A fitted map from a raw <see cref="Table"/> to numeric features, the shape of scikit-learn's
/// <c>ColumnTransformer</c>: each numeric column imputed, each text column imputed then one-hot encoded, optional
/// missing indicators after each column. Fitted on training rows only and immutable, so the same value maps
/// training, test and new rows alike; columns are found by name, so a file's column order does not matter.
/// </summary>
/// <param name="Columns">The raw columns used, in feature order.</param>
/// <param name="Imputes">False when gaps are refused (<c>--impute none</c>).</param>
/// <param name="Unknown"><c>ignore</c> (an unseen category is all zeros) or <c>error</c>.</param>
/// <remarks>Error codes: table.all-missing, table.missing (a gap with imputation off), table.columns, table.non-numeric, table.unknown-category.</remarks>
public sealed record TablePreprocessing(ImmutableArray<ColumnEncoding> Columns, bool Imputes, string Unknown)
{
    /// <summary>The feature names, in order: <c>column</c> for numbers, <c>column=value</c> per category.</summary>
    public ImmutableArray<string> FeatureNames => [.. Columns.SelectMany(c => c.FeatureNames)];

    /// <summary>Number of features a row becomes.</summary>
    public int Width => Columns.Sum(c => c.Width);

    /// <summary>
    /// The feature indices each raw column became (its one-hot columns and indicator with it), in column order: what a
    /// report about the original columns shuffles or sums together.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ImmutableArray<ImmutableArray<int>> FeatureGroups
    {
        get
        {
            int at = 0;
            var groups = ImmutableArray.CreateBuilder<ImmutableArray<int>>(Columns.Length);
            foreach (var c in Columns)
            {
                groups.Add([.. Enumerable.Range(at, c.Width)]);
                at += c.Width;
            }
            return groups.MoveToImmutable();
        }
    }

    /// <summary>
    /// The cell texts the training table's reader took for a missing value, which new raw rows are read with; absent
    /// (default) in cards written before it was recorded, which mean <see cref="TableOptions.DefaultMissingValues"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public ImmutableArray<string> MissingValues { get; init; }

    /// <summary>The missing markers to read new rows with: <see cref="MissingValues"/>, or the defaults when none were recorded.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ImmutableArray<string> Markers => MissingValues.IsDefault ? TableOptions.DefaultMissingValues : MissingValues;

    /// <summary>
    /// Fits on every column of <paramref name="train"/> (leave the label out first): numbers are imputed, text
    /// imputed and one-hot encoded. A column with no value at all is refused, naming it.
    /// </summary>
    public static Validation<Error, TablePreprocessing> Fit(Table train, TablePreprocessingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        return (options ?? TablePreprocessingOptions.Default).Validate().Bind(o =>
        {
            var errors = new List<Error>();
            var columns = train.Columns.Select(c => FitColumn(train, c, o, errors)).ToImmutableArray();
            return errors.Count > 0
                ? Validation<Error, TablePreprocessing>.Fail(errors.ToSeq())
                : Validation<Error, TablePreprocessing>.Success(new TablePreprocessing(columns, o.Imputes, o.Unknown) { MissingValues = train.MissingValues });
        });
    }

    private static ColumnEncoding FitColumn(Table train, TableColumn column, TablePreprocessingOptions o, List<Error> errors)
    {
        int missing = column.MissingCount;
        bool indicator = o.MissingIndicator && missing > 0;
        if (missing == column.Count)
            errors.Add(new Error("table.all-missing", $"{train.Source}: column \"{column.Name}\" has no value in any of the {column.Count} training rows; drop it (--drop {column.Name})"));
        else if (missing > 0 && !o.Imputes)
            errors.Add(Gap(train, column, Enumerable.Range(0, column.Count).First(column.IsMissing)));
        switch (column)
        {
            case NumberColumn n:
                double fill = o.NumericImputer switch
                {
                    "mean" => ImputerStatistics.Mean(n.Values),
                    "constant" => o.FillValue,
                    _ => ImputerStatistics.Median(n.Values),
                };
                return new ColumnEncoding(n.Name, ColumnEncoding.Numeric, double.IsNaN(fill) ? 0 : fill, null, [], [], indicator);
            case TextColumn t:
                string fillText = o.CategoricalImputer == TablePreprocessingOptions.MissingCategory
                    ? TablePreprocessingOptions.MissingCategory
                    : ImputerStatistics.MostFrequent(t.Values) ?? TablePreprocessingOptions.MissingCategory;
                // Categories are those of the imputed column, as in scikit-learn's imputer-then-encoder pipeline.
                var (frequent, infrequent) = ImputerStatistics.Categories(t.Values.Select(v => v ?? fillText), o.MaxCategories);
                return new ColumnEncoding(t.Name, ColumnEncoding.Categorical, 0, fillText, frequent, infrequent, indicator);
            default:
                throw new InvalidOperationException($"unknown column {column.GetType().Name}");
        }
    }

    /// <summary>
    /// The features of <paramref name="table"/>'s rows ([rows × <see cref="Width"/>]): its columns found by name
    /// (others, such as the label, are ignored), gaps filled, categories one-hot.
    /// </summary>
    public Validation<Error, Matrix<double>> Transform(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var absent = Columns.Where(c => table.Column(c.Name) is null).Select(c => $"\"{c.Name}\"").ToList();
        if (absent.Count > 0)
            return Validation<Error, Matrix<double>>.Fail(Seq1(new Error("table.columns",
                $"{table.Source}: the model's column{(absent.Count == 1 ? "" : "s")} {string.Join(", ", absent)} {(absent.Count == 1 ? "is" : "are")} missing from the table")));
        int width = Width, rows = table.Rows;
        var x = new double[rows * width];
        var errors = new List<Error>();
        int at = 0;
        foreach (var encoding in Columns)
        {
            var column = table.Column(encoding.Name)!;
            for (int r = 0; r < rows && errors.Count < 10; r++)
            {
                bool gap = column.IsMissing(r);
                if (gap && !Imputes) errors.Add(Gap(table, column, r));
                else if (encoding.IsCategorical) Encode(encoding, Text(column, r) ?? encoding.FillCategory!, x.AsSpan(r * width + at), table, r, errors);
                else x[r * width + at] = gap ? encoding.Fill : Number(column, r, table, errors);
                if (encoding.Indicator) x[r * width + at + encoding.Width - 1] = gap ? 1 : 0;
            }
            at += encoding.Width;
        }
        return errors.Count > 0 ? Validation<Error, Matrix<double>>.Fail(errors.ToSeq()) : Validation<Error, Matrix<double>>.Success(Matrix<double>.Own(rows, width, x));
    }

    // One-hot into the column's slots: its category, the infrequent slot, or (unknown and ignored) nothing.
    private void Encode(ColumnEncoding encoding, string value, Span<double> slots, Table table, int row, List<Error> errors)
    {
        int k = encoding.Categories.BinarySearch(value, StringComparer.Ordinal);
        if (k >= 0) slots[k] = 1;
        else if (!encoding.Infrequent.IsDefaultOrEmpty && encoding.Infrequent.BinarySearch(value, StringComparer.Ordinal) >= 0) slots[encoding.Categories.Length] = 1;
        else if (Unknown == "error")
            errors.Add(new Error("table.unknown-category", $"{table.Where(row, encoding.Name)}: category \"{value}\" was not seen in training; it knows {string.Join(", ", encoding.Categories.Take(8))}"));
    }

    private static string? Text(TableColumn column, int row) => column switch
    {
        TextColumn t => t.Values[row],
        NumberColumn n => double.IsNaN(n.Values[row]) ? null : n.Values[row].ToString("R", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static double Number(TableColumn column, int row, Table table, List<Error> errors)
    {
        if (column is NumberColumn n) return n.Values[row];
        string text = ((TextColumn)column).Values[row]!;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
        errors.Add(new Error("table.non-numeric", $"{table.Where(row, column.Name)}: expected a number (the model's column is numeric), found \"{text}\""));
        return 0;
    }

    private static Error Gap(Table table, TableColumn column, int row) =>
        new("table.missing", $"{table.Where(row, column.Name)}: expected a {(column is NumberColumn ? "number" : "value")}, found a missing cell (imputation is off)");

    /// <summary>
    /// Null when this value, as read from a model card, is well formed for a network of <paramref name="inputs"/>
    /// inputs: known kinds, names present and distinct, categories sorted and distinct with a fill category; else the problem.
    /// </summary>
    public Error? Check(int inputs)
    {
        static Error Bad(string message) => new("card.table", "model card: preprocessing.table: " + message);
        if (Columns.IsDefault || Columns.Any(c => c is null)) return Bad("expected a list of columns");
        if (Unknown is not ("ignore" or "error")) return Bad($"unknown is '{Unknown}', expected ignore or error");
        if (!MissingValues.IsDefault && MissingValues.Any(m => m is null)) return Bad("missing_values must list strings");
        foreach (var c in Columns)
        {
            if (string.IsNullOrEmpty(c.Name)) return Bad("a column has no name");
            if (c.Kind is not (ColumnEncoding.Numeric or ColumnEncoding.Categorical)) return Bad($"column \"{c.Name}\" has kind '{c.Kind}', expected numeric or categorical");
            if (!double.IsFinite(c.Fill)) return Bad($"column \"{c.Name}\" has a fill that is not a finite number");
            if (c.Categories.IsDefault || c.Infrequent.IsDefault || c.Categories.Concat(c.Infrequent).Any(v => v is null)) return Bad($"column \"{c.Name}\" needs category lists of strings");
            if (c.IsCategorical && c.FillCategory is null) return Bad($"column \"{c.Name}\" is categorical but has no fill category");
            if (!Sorted(c.Categories) || !Sorted(c.Infrequent)) return Bad($"column \"{c.Name}\" has categories that are not sorted and distinct");
        }
        if (Columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice) return Bad($"column \"{twice.Key}\" appears twice");
        return Width == inputs ? null : Bad($"makes {Width} features for a network with {inputs} inputs");
    }

    private static bool Sorted(ImmutableArray<string> values) =>
        Enumerable.Range(1, Math.Max(0, values.Length - 1)).All(i => string.CompareOrdinal(values[i - 1], values[i]) < 0);

    /// <summary>One line saying what the fit inferred, e.g. "3 numeric, 2 categorical columns (one-hot) → 9 features; 12 missing cells imputed (median, most-frequent)".</summary>
    public string Describe(Table train, TablePreprocessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        int categorical = Columns.Count(c => c.IsCategorical);
        int gaps = Columns.Sum(c => train.Column(c.Name)?.MissingCount ?? 0);
        string numeric = options.NumericImputer == "constant" ? $"constant {options.FillValue.ToString(CultureInfo.InvariantCulture)}" : options.NumericImputer;
        return $"{Columns.Length - categorical} numeric, {categorical} categorical column{(categorical == 1 ? "" : "s")} (one-hot) → {Width} features; "
            + $"{gaps} missing cell{(gaps == 1 ? "" : "s")} imputed ({numeric}, {options.CategoricalImputer})"
            + (Columns.Any(c => c.Indicator) ? $", {Columns.Count(c => c.Indicator)} missing-indicator columns" : "");
    }
}
