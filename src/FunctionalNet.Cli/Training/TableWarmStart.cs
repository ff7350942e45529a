using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// <c>--init-from</c> on a raw table: the preprocessing fitted on the new training rows must make the features the
/// model takes (the same columns and categories, in order), else one line names the first difference. A table model
/// then keeps its own preprocessing, as it keeps its scaler, so its weights see rows encoded as they were trained on.
/// </summary>
internal static class TableWarmStart
{
    /// <summary>The text columns of a continued table model, which new files read as text too; none without one.</summary>
    public static IEnumerable<string> TextColumns(StoredModel? warm) =>
        warm?.Card.Preprocessing.Table is { } table ? table.Columns.Where(c => c.IsCategorical).Select(c => c.Name) : [];

    /// <summary>The preprocessing to train with: <paramref name="fitted"/> (nothing continued), the model's own, or the problem.</summary>
    public static Either<CliError, TablePreprocessing> Same(TablePreprocessing fitted, StoredModel? warm)
    {
        if (warm is null) return fitted;
        var model = warm.Card.Preprocessing.Table?.FeatureNames ?? warm.Card.Preprocessing.Features;
        var table = fitted.FeatureNames;
        bool named = !model.IsDefaultOrEmpty;
        if (named ? table.SequenceEqual(model, StringComparer.Ordinal) : table.Length == warm.Architecture.Inputs)
            return warm.Card.Preprocessing.Table ?? fitted;
        int at = named ? Enumerable.Range(0, Math.Min(table.Length, model.Length)).FirstOrDefault(i => table[i] != model[i], Math.Min(table.Length, model.Length)) : 0;
        string difference = !named ? "" : at < Math.Min(table.Length, model.Length) ? $"; feature {at + 1} is '{table[at]}' here and '{model[at]}' in the model"
            : $"; {(table.Length > model.Length ? $"'{table[at]}' is new here" : $"'{model[at]}' is not made here")}";
        return new CliError(new Error("options.init-from",
            $"--init-from: the table makes {table.Length} features but the model takes {warm.Architecture.Inputs}{difference}; continue it on a table with the same columns and categories"));
    }
}
