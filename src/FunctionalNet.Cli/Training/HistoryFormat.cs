using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// How a training history is spelled: <c>csv</c> (a header, then one row an epoch; pandas' <c>read_csv</c>) or
/// <c>jsonl</c> (one JSON object an epoch; <c>read_json(lines=True)</c>). Both name the same columns, the metric's
/// after the metric (<c>validation_accuracy</c> or <c>validation_r2</c>); an unknown value is empty or null.
/// </summary>
internal sealed record HistoryFormat(string Name)
{
    /// <summary>The formats <c>--history-format</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Names = ["csv", "jsonl"];

    /// <summary>The history file's name in a model directory.</summary>
    public string FileName => "history." + Name;

    /// <summary>The columns, in order, for a run whose validation metric is <paramref name="metric"/>.</summary>
    public static string[] Columns(string metric) => ["epoch", "train_cost", "validation_cost", "validation_" + metric, "learning_rate", "seconds"];

    /// <summary>The file's first line (CSV only), or null.</summary>
    public string? Header(string metric) => Name == "csv" ? string.Join(",", Columns(metric)) : null;

    /// <summary>One epoch's line, without its line break (a CSV line is <see cref="HistoryLine"/>'s spelling).</summary>
    public string Line(HistoryRow row, string metric)
    {
        if (Name == "csv") return new HistoryLine().Csv(row).ToString();
        double?[] values = [row.Epoch, row.TrainCost, row.ValidationCost, row.Metric, row.LearningRate, row.Seconds];
        var json = new JsonObject();
        foreach (var (column, value) in Columns(metric).Zip(values))
            json[column] = value is { } v && double.IsFinite(v) ? JsonValue.Create(column == "epoch" ? (int)v : v) : null;
        return json.ToJsonString();
    }

    /// <summary>The row a line holds, or null for a header, a blank or a torn line (a run killed mid-write leaves one).</summary>
    public HistoryRow? Parse(string line) => Name == "csv" ? ParseCsv(line) : ParseJson(line);

    private static HistoryRow? ParseCsv(string line)
    {
        var cells = line.Split(',');
        if (cells.Length != 6 || !int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch)) return null;
        var values = new double?[5];
        for (int i = 0; i < 5; i++)
        {
            string cell = cells[i + 1].Trim();
            if (cell.Length == 0) continue;
            values[i] = cell switch
            {
                "nan" => double.NaN,
                "inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                _ when double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) => value,
                _ => null,
            };
            if (values[i] is null) return null;
        }
        return values[0] is { } cost ? new HistoryRow(epoch, cost, values[1], values[2], values[3], values[4]) : null;
    }

    private static HistoryRow? ParseJson(string line)
    {
        try
        {
            if (JsonNode.Parse(line) is not JsonObject o) return null;
            double? Field(int i) => o.ElementAtOrDefault(i).Value is JsonValue v && v.TryGetValue(out double d) ? d : null;
            return o.Count == 6 && Field(0) is { } epoch && epoch == Math.Floor(epoch) && Math.Abs(epoch) < int.MaxValue
                ? new HistoryRow((int)epoch, Field(1) ?? double.NaN, Field(2), Field(3), Field(4), Field(5)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
