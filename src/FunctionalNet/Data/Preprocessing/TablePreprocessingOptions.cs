using System.Globalization;
using LanguageExt;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>
/// How <see cref="TablePreprocessing.Fit"/> turns a raw table into features, in scikit-learn's terms: a
/// <c>SimpleImputer</c> per column, <c>OneHotEncoder</c> for text columns, and optionally <c>MissingIndicator</c>s.
/// </summary>
public sealed record TablePreprocessingOptions
{
    /// <summary>Numeric gaps: <c>median</c> (default), <c>mean</c>, <c>constant</c> (<see cref="FillValue"/>), or <c>none</c> (a gap is refused).</summary>
    public string NumericImputer { get; init; } = "median";

    /// <summary>The value <c>constant</c> fills numeric gaps with.</summary>
    public double FillValue { get; init; }

    /// <summary>Text gaps: <c>most-frequent</c> (default; ties go to the first in sorted order) or <c>missing</c> (the category "missing").</summary>
    public string CategoricalImputer { get; init; } = "most-frequent";

    /// <summary>A category not seen in training: <c>ignore</c> (all zeros, the default) or <c>error</c>.</summary>
    public string Unknown { get; init; } = "ignore";

    /// <summary>At most this many one-hot columns per text column, the rarest grouped as "infrequent" (which counts as one); null for no limit.</summary>
    public int? MaxCategories { get; init; }

    /// <summary>Whether each column with gaps in training gets a 0/1 column marking them (<c>column (missing)</c>).</summary>
    public bool MissingIndicator { get; init; }

    /// <summary>The category <c>missing</c> imputation fills text gaps with, as scikit-learn's constant fill for strings.</summary>
    public const string MissingCategory = "missing";

    /// <summary>The defaults.</summary>
    public static TablePreprocessingOptions Default { get; } = new();

    /// <summary>Whether gaps are filled at all (<see cref="NumericImputer"/> is not <c>none</c>).</summary>
    public bool Imputes => NumericImputer != "none";

    /// <summary>These options with <see cref="NumericImputer"/> and <see cref="FillValue"/> from a spelling: <c>median</c>, <c>mean</c>, <c>constant:V</c> or <c>none</c>.</summary>
    public Either<Error, TablePreprocessingOptions> WithImpute(string spelling)
    {
        ArgumentNullException.ThrowIfNull(spelling);
        if (spelling is "median" or "mean" or "none") return this with { NumericImputer = spelling };
        if (spelling.StartsWith("constant:", StringComparison.Ordinal)
            && double.TryParse(spelling["constant:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
            return this with { NumericImputer = "constant", FillValue = v };
        return new Error("table.impute", $"impute: expected median, mean, constant:V (V a finite number) or none, found '{spelling}'");
    }

    /// <summary>Every problem with these options.</summary>
    public Validation<Error, TablePreprocessingOptions> Validate()
    {
        var problems = new List<Error>();
        if (NumericImputer is not ("median" or "mean" or "constant" or "none"))
            problems.Add(new Error("table.impute", $"numeric imputer: expected median, mean, constant or none, found '{NumericImputer}'"));
        if (!double.IsFinite(FillValue)) problems.Add(new Error("table.impute", $"fill value: expected a finite number, found {FillValue}"));
        if (CategoricalImputer is not ("most-frequent" or MissingCategory))
            problems.Add(new Error("table.impute", $"categorical imputer: expected most-frequent or missing, found '{CategoricalImputer}'"));
        if (Unknown is not ("ignore" or "error"))
            problems.Add(new Error("table.unknown", $"unknown categories: expected ignore or error, found '{Unknown}'"));
        if (MaxCategories is < 1) problems.Add(new Error("table.max-categories", $"max categories: expected at least 1, found {MaxCategories}"));
        return problems.Count == 0
            ? Validation<Error, TablePreprocessingOptions>.Success(this)
            : Validation<Error, TablePreprocessingOptions>.Fail(problems.ToSeq());
    }
}
