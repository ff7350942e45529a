using System.Collections.Immutable;
using System.CommandLine;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;

namespace FunctionalNet.Cli.Options;

/// <summary>What <c>fnet train</c> was told about a raw table: column roles, missing markers and the preprocessing to fit.</summary>
/// <param name="Requested">Whether any table option was given (the file is then read as a table even when it is all numbers).</param>
/// <param name="Reading">Roles and missing markers for the reader.</param>
/// <param name="Preprocessing">Imputation and encoding; <c>--impute none</c> turns the table path off.</param>
internal sealed record TableSettings(bool Requested, TableOptions Reading, TablePreprocessingOptions Preprocessing)
{
    /// <summary>False for <c>--impute none</c>: the file is read as numbers only, refusing the first cell that is not one, as before tables.</summary>
    public bool Enabled => Preprocessing.Imputes;

    /// <summary>Nothing asked: the defaults, applied only when the file is not all numbers.</summary>
    public static TableSettings Default { get; } = new(false, TableOptions.Default, TablePreprocessingOptions.Default);
}

/// <summary>The options of a raw table, for <c>fnet train</c>.</summary>
internal sealed class TableFlags
{
    public Option<string?> Drop { get; } = new("--drop") { Description = "Columns to leave out of a table (ids, free text), comma-separated" };
    public Option<string?> Categorical { get; } = new("--categorical") { Description = "Columns to one-hot encode even when they hold numbers (codes such as 4, 6), comma-separated" };
    public Option<string?> Numeric { get; } = new("--numeric") { Description = "Columns that must be numbers (a text cell in one is an error), comma-separated" };
    public Option<string?> MissingValues { get; } = new("--missing-values") { Description = "Cell texts that mean a missing value, comma-separated (default: empty, NA, NaN, ?, null; write '' for the empty cell)" };
    public Option<string> Impute { get; } = new("--impute") { Description = "Fill for missing numbers: median, mean, constant:V, or none (a missing or non-numeric cell is refused, as for a numbers-only file)", DefaultValueFactory = _ => "median" };
    public Option<string> ImputeCategorical { get; } = new("--impute-categorical") { Description = "Fill for missing text cells: most-frequent, or missing (a category of its own)", DefaultValueFactory = _ => "most-frequent" };
    public Option<int?> MaxCategories { get; } = new("--max-categories") { Description = "At most N one-hot columns per text column; the rarest categories share one 'infrequent' column" };
    public Option<bool> MissingIndicator { get; } = new("--missing-indicator") { Description = "Add a 0/1 column marking the gaps of each column that had gaps in training" };
    public Option<string> Unknown { get; } = new("--unknown-category") { Description = "A category not seen in training: ignore (all zeros) or error", DefaultValueFactory = _ => "ignore" };

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Drop, Categorical, Numeric, MissingValues, Impute, ImputeCategorical, MaxCategories, MissingIndicator, Unknown })
            command.Add(o);
    }

    /// <summary>The table settings, or the one problem with them.</summary>
    public LanguageExt.Either<CliError, TableSettings> Read(ParseResult r)
    {
        bool requested = new Option[] { Drop, Categorical, Numeric, MissingValues, Impute, ImputeCategorical, MaxCategories, MissingIndicator, Unknown }
            .Any(o => r.GetResult(o) is { Implicit: false });
        var reading = new TableOptions
        {
            Drop = Names(r.GetValue(Drop)),
            Categorical = Names(r.GetValue(Categorical)),
            Numeric = Names(r.GetValue(Numeric)),
            MissingValues = r.GetValue(MissingValues) is { } markers ? [.. markers.Split(',').Select(m => m.Trim() is "''" ? "" : m.Trim())] : TableOptions.DefaultMissingValues,
        };
        var preprocessing = new TablePreprocessingOptions
        {
            CategoricalImputer = r.GetValue(ImputeCategorical)!.Trim(),
            MaxCategories = r.GetValue(MaxCategories),
            MissingIndicator = r.GetValue(MissingIndicator),
            Unknown = r.GetValue(Unknown)!.Trim(),
        };
        if (reading.Categorical.Intersect(reading.Numeric).FirstOrDefault() is { } both)
            return new CliError(new Error("options.table", $"--categorical and --numeric both name '{both}'"));
        return preprocessing.WithImpute(r.GetValue(Impute)!.Trim())
            .Bind(p => p.Validate().Match(LanguageExt.Prelude.Right<Error, TablePreprocessingOptions>, errors => errors.Head))
            .Map(p => new TableSettings(requested, reading, p))
            .MapLeft(e => new CliError(new Error("options.table", "--" + e.Message.Replace("impute:", "impute", StringComparison.Ordinal)
                .Replace("categorical imputer:", "impute-categorical", StringComparison.Ordinal).Replace("unknown categories:", "unknown-category", StringComparison.Ordinal)
                .Replace("max categories:", "max-categories", StringComparison.Ordinal))));
    }

    private static ImmutableArray<string> Names(string? list) =>
        list is null ? [] : [.. list.Split(',').Select(n => n.Trim()).Where(n => n.Length > 0)];
}
