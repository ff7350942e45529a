using System.Globalization;
using Spectre.Console;

namespace FunctionalNet.Cli;

/// <summary>Spectre tables for the classification report, the confusion matrix and named scores, plain when not on a terminal.</summary>
internal static class Tables
{
    public static IAnsiConsole ConsoleFor(Terminal terminal) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(terminal.Out),
        Ansi = terminal.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = terminal.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = terminal.Interactive ? InteractionSupport.Detect : InteractionSupport.No,
    });

    public static Table Report(ClassificationReport report)
    {
        var table = new Table { Title = new TableTitle("classification report") }
            .AddColumn("class").AddColumn(new TableColumn("precision").RightAligned()).AddColumn(new TableColumn("recall").RightAligned())
            .AddColumn(new TableColumn("f1-score").RightAligned()).AddColumn(new TableColumn("support").RightAligned());
        foreach (var c in report.Classes) Row(table, c);
        table.AddEmptyRow();
        table.AddRow("accuracy", "", "", F(report.Accuracy), report.Support.ToString(CultureInfo.InvariantCulture));
        Row(table, report.MacroAverage with { Name = "macro avg" });
        Row(table, report.WeightedAverage with { Name = "weighted avg" });
        return table;
    }

    public static Table Confusion(ConfusionMatrix matrix, IReadOnlyList<string> classes)
    {
        var table = new Table().AddColumn("true \\ predicted");
        for (int j = 0; j < matrix.Classes; j++) table.AddColumn(new TableColumn(Markup.Escape(classes[j])).RightAligned());
        for (int i = 0; i < matrix.Classes; i++)
            table.AddRow([Markup.Escape(classes[i]), .. Enumerable.Range(0, matrix.Classes).Select(j => matrix[i, j].ToString(CultureInfo.InvariantCulture))]);
        return table;
    }

    public static Table Scores(IReadOnlyDictionary<string, double> scores)
    {
        var table = new Table { Title = new TableTitle("scores") }.AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in scores) table.AddRow(Markup.Escape(name), value.ToString("F4", CultureInfo.InvariantCulture));
        return table;
    }

    private static void Row(Table table, ClassScores s) =>
        table.AddRow(Markup.Escape(s.Name), F(s.Precision), F(s.Recall), F(s.F1), s.Support.ToString(CultureInfo.InvariantCulture));

    private static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
