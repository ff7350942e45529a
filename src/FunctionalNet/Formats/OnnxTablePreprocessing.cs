using System.Numerics;
using System.Text.Json;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;

namespace FunctionalNet.Formats;

/// <summary>
/// The graph inputs of an ONNX export and, for a model fitted on a raw table, its <see cref="TablePreprocessing"/>
/// as nodes, so the file takes raw rows as skl2onnx's ColumnTransformer does: one input per raw column, [N × 1],
/// of the parameters' float type for a numeric column (NaN is a missing cell) and of strings for a categorical one
/// (a cell the model's <see cref="TablePreprocessing.Markers"/> name — by default empty, NA, NaN, ?, null — is
/// missing, as <c>fnet predict</c> reads a file). The features are concatenated in the model's order and go on to the scaler.
/// </summary>
/// <remarks>
/// Numeric: <c>Where(IsNaN(x), fill, x)</c>. Categorical: an ai.onnx.ml <c>LabelEncoder</c> maps each string to its
/// one-hot slot (a category's index, the infrequent group's, a missing cell's fill's; −1 for a category never seen),
/// and <c>Equal</c> with the slot numbers 0 … k−1 writes the ones, so an unseen category is all zeros. Standard
/// operators rather than ai.onnx.ml's OneHotEncoder, whose output is float only and which older onnx checkers cannot
/// type. A missing indicator is the cast of the missing test. What the library refuses — a gap with imputation off,
/// an unseen category under <c>unknown = error</c> — makes the row's features, hence its outputs, NaN.
/// </remarks>
internal static class OnnxTablePreprocessing
{
    /// <summary>The name of the concatenated features, the value the scaler or first layer reads.</summary>
    private const string Features = "table_features";

    /// <summary>
    /// Declares the graph inputs and returns the value holding the network's input features: <c>input</c>
    /// [N × <paramref name="inputs"/>] without a table, else the preprocessed raw columns.
    /// </summary>
    public static string Emit<T>(OnnxGraph<T> graph, TablePreprocessing? table, int inputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (table is null)
        {
            graph.Input("input", OnnxGraph<T>.ElementType, "N", (long)inputs);
            return "input";
        }
        var parts = new List<string>();
        for (int i = 0; i < table.Columns.Length; i++)
        {
            var column = table.Columns[i];
            string prefix = $"table_{i}";
            if (column.IsCategorical) Categorical(graph, table, column, prefix, parts);
            else Numeric(graph, table, column, prefix, parts);
        }
        graph.Node("Concat", "table_concat", [.. parts], Features, ("axis", 1L));
        return Features;
    }

    /// <summary>Null when <paramref name="table"/> (null for none) makes <paramref name="inputs"/> features, else the problem.</summary>
    public static Error? Problem(TablePreprocessing? table, int inputs) =>
        table?.Check(inputs) is { } bad ? new Error("onnx.table", bad.Message) : null;

    /// <summary>The metadata a table adds: <c>columns</c>, the raw inputs in order, as a JSON array.</summary>
    public static IEnumerable<(string Key, string Value)> Metadata(TablePreprocessing? table) => table is null
        ? []
        : [("columns", JsonSerializer.Serialize(table.Columns.Select(c => c.Name).ToArray(), OnnxJsonContext.Default.StringArray))];

    private static void Numeric<T>(OnnxGraph<T> graph, TablePreprocessing table, ColumnEncoding column, string prefix, List<string> parts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        graph.Input(column.Name, OnnxGraph<T>.ElementType, "N", 1L);
        string gap = $"{prefix}_missing";
        if (table.Imputes || column.Indicator) graph.Node("IsNaN", $"{prefix}_isnan", [column.Name], gap);
        if (table.Imputes)
        {
            graph.Node("Where", $"{prefix}_impute", [gap, graph.Scalar($"{prefix}.fill", column.Fill), column.Name], $"{prefix}_filled");
            parts.Add($"{prefix}_filled");
        }
        else parts.Add(column.Name); // NaN stays NaN, so the row's outputs are NaN
        if (column.Indicator) parts.Add(Cast(graph, gap, $"{prefix}_indicator", OnnxGraph<T>.ElementType));
    }

    private static void Categorical<T>(OnnxGraph<T> graph, TablePreprocessing table, ColumnEncoding column, string prefix, List<string> parts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        graph.Input(column.Name, OnnxGraph<T>.String, "N", 1L);
        var markers = table.Markers;
        int slots = column.Categories.Length + (column.Infrequent.IsDefaultOrEmpty ? 0 : 1);
        if (slots > 0)
        {
            var (keys, values) = Slots(column, markers, table.Imputes);
            string slot = $"{prefix}_slot";
            graph.MlNode("LabelEncoder", $"{prefix}_slot_of", [column.Name], slot, ("keys_strings", keys), ("values_int64s", values), ("default_int64", Unseen));
            graph.Node("Equal", $"{prefix}_one_hot_of", [slot, graph.Int64s($"{prefix}.slots", [.. Enumerable.Range(0, slots).Select(k => (long)k)])], $"{prefix}_one_hot_bool");
            string hot = Cast(graph, $"{prefix}_one_hot_bool", $"{prefix}_one_hot", OnnxGraph<T>.ElementType);
            // What the library refuses (an unseen category under unknown = error, a gap without imputation) becomes NaN.
            bool error = table.Unknown == "error";
            if (error || !table.Imputes)
            {
                graph.Node("Less", $"{prefix}_refused_of", [slot, graph.Int64s($"{prefix}.refused_below", error ? 0 : Unseen)], $"{prefix}_refused");
                graph.Node("Where", $"{prefix}_refuse", [$"{prefix}_refused", graph.Scalar($"{prefix}.nan", double.NaN), hot], $"{prefix}_encoded");
                hot = $"{prefix}_encoded";
            }
            parts.Add(hot);
        }
        if (column.Indicator)
        {
            // 1 for a missing cell, 0 for any other string.
            graph.MlNode("LabelEncoder", $"{prefix}_is_missing", [column.Name], $"{prefix}_missing",
                ("keys_strings", markers.ToArray()), ("values_int64s", markers.Select(_ => 1L).ToArray()), ("default_int64", 0L));
            parts.Add(Cast(graph, $"{prefix}_missing", $"{prefix}_indicator", OnnxGraph<T>.ElementType));
        }
    }

    // The slot of a string the column never saw (one-hot all zeros), and of a gap with imputation off (refused).
    private const long Unseen = -1, Refused = -2;

    // The one-hot slot of each string the column knows, as TablePreprocessing.Transform encodes it: a category its
    // index, an infrequent one the trailing slot, a missing marker its fill's slot (unseen when the fill is not a
    // category; refused without imputation). A marker wins over a category of the same spelling, since the reader
    // makes such a cell missing before encoding.
    private static (string[] Keys, long[] Values) Slots(ColumnEncoding column, IEnumerable<string> markers, bool imputes)
    {
        var slot = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int k = 0; k < column.Categories.Length; k++) slot[column.Categories[k]] = k;
        foreach (string rare in column.Infrequent.IsDefault ? [] : column.Infrequent) slot[rare] = column.Categories.Length;
        long fill = !imputes ? Refused : column.FillCategory is { } f && slot.TryGetValue(f, out long at) ? at : Unseen;
        foreach (string marker in markers) slot[marker] = fill;
        var ordered = slot.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        return ([.. ordered.Select(p => p.Key)], [.. ordered.Select(p => p.Value)]);
    }

    private static string Cast<T>(OnnxGraph<T> graph, string input, string output, int to) where T : unmanaged, IFloatingPointIeee754<T>
    {
        graph.Node("Cast", $"{output}_cast", [input], output, ("to", (long)to));
        return output;
    }
}
