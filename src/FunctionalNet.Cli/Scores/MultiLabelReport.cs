using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.DataFiles;
using Spectre.Console;

namespace FunctionalNet.Cli.Scores;

/// <summary>
/// <c>fnet evaluate</c> on a multi-label model: subset accuracy, Hamming loss and the F1 averages
/// (<see cref="MultiLabelMetrics"/>), and per label its precision, recall, F1 and support (the label's "on" class of a
/// scikit-learn classification report), as tables or one JSON object.
/// </summary>
internal static class MultiLabelReport
{
    public static int Print(MultiLabelClassifier model, ModelInput input, bool json, Terminal terminal)
    {
        var actual = input.Values!;
        var predicted = model.Predict(input.Features);
        var scores = MultiLabelMetrics.Summary(actual, predicted);
        var labels = model.Labels.Select((name, c) => PerLabel(name, actual, predicted, c)).ToList();
        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new
            {
                samples = actual.Rows,
                labels = model.Labels,
                subset_accuracy = scores["subset_accuracy"],
                hamming_loss = scores["hamming_loss"],
                f1_micro = scores["f1_micro"],
                f1_macro = scores["f1_macro"],
                f1_samples = scores["f1_samples"],
                report = labels.Select(s => new { name = s.Name, precision = s.Precision, recall = s.Recall, f1 = s.F1, support = s.Support }),
            }));
            return ExitCode.Ok;
        }
        terminal.Out.WriteLine(FormattableString.Invariant($"subset accuracy {scores["subset_accuracy"]:F4} on {actual.Rows} samples"));
        var table = new Table { Title = new TableTitle("labels") }
            .AddColumn("label").AddColumn(new TableColumn("precision").RightAligned()).AddColumn(new TableColumn("recall").RightAligned())
            .AddColumn(new TableColumn("f1-score").RightAligned()).AddColumn(new TableColumn("support").RightAligned());
        foreach (var s in labels)
            table.AddRow(Markup.Escape(s.Name), F(s.Precision), F(s.Recall), F(s.F1), s.Support.ToString(CultureInfo.InvariantCulture));
        var console = Tables.ConsoleFor(terminal);
        console.Write(table);
        console.Write(Tables.Scores(scores));
        return ExitCode.Ok;
    }

    // Label c's column as a two-class problem; its "1" row is the label's precision, recall, F1 and support.
    private static ClassScores PerLabel(string name, Matrix<double> actual, Matrix<double> predicted, int c)
    {
        int[] Column(Matrix<double> m) => [.. Enumerable.Range(0, m.Rows).Select(r => m[r, c] == 1 ? 1 : 0)];
        return ClassificationReport.Compute(Column(actual), Column(predicted), ["0", "1"]).Classes[1] with { Name = name };
    }

    private static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
