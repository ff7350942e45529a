using System.Collections.Immutable;
using FunctionalNet.Data;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// Matches a file's columns to a model's features by name, as scikit-learn does since 1.2: all present → the
/// columns in the model's order, whatever the file's; otherwise one error line listing the missing and unexpected
/// names. Names count only where both sides have them — a header-less CSV (or a model trained on one) has none
/// (<see cref="Dataset.GivenFeatureNames"/> is empty, whatever placeholders stand in) and is matched by position
/// instead; a header's names are real however they are spelled, x0, x1, … included.
/// </summary>
internal static class FeatureColumns
{
    /// <summary>
    /// The model's features taken from <paramref name="data"/> by name, or null when either side is unnamed (match by
    /// position). <paramref name="ignored"/> is the label column (a regressor's target columns, comma-separated), allowed in the file; when no label column is known,
    /// a single extra column is taken to be the labels, as by position.
    /// </summary>
    public static Either<CliError, Matrix<double>>? ByName(ImmutableArray<string> expected, Dataset data, string path, string? ignored)
    {
        if (expected.IsDefaultOrEmpty || data.GivenFeatureNames.IsEmpty) return null;
        var found = data.GivenFeatureNames;
        var twice = found.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            return new CliError(new Error("data.columns", $"{path} has two columns named '{twice.Key}'; each of the model's features must appear once"));
        var wanted = expected.ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(n => !found.Contains(n)).ToList();
        var labels = ignored?.Split(',') ?? [];
        var unexpected = found.Where(n => !wanted.Contains(n) && !labels.Contains(n)).ToList();
        if (ignored is null && missing.Count == 0 && unexpected.Count == 1) unexpected.Clear();
        if (missing.Count > 0 || unexpected.Count > 0)
            return new CliError(new Error("data.columns", $"{path} does not have the model's feature columns: "
                + string.Join("; ", new[] { List("missing", missing), List("unexpected", unexpected) }.Where(p => p.Length > 0))
                + $" (the model expects {List("", [.. expected]).Trim()})"));
        int[] at = [.. expected.Select(n => found.IndexOf(n))];
        var values = new double[data.Count * at.Length];
        for (int r = 0; r < data.Count; r++)
            for (int c = 0; c < at.Length; c++)
                values[r * at.Length + c] = data.Features[r, at[c]];
        return Matrix<double>.Create(data.Count, at.Length, values);
    }

    // A few names say which; all 784 of an MNIST model would not fit on the one error line.
    private static string List(string what, List<string> names) =>
        names.Count == 0 ? ""
        : $"{what} {string.Join(", ", names.Take(8).Select(n => $"'{n}'"))}{(names.Count > 8 ? $", … ({names.Count} in all)" : "")}";
}
