using System.Globalization;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>
/// A confusion-matrix heatmap as SVG: rows are true classes, columns predicted ones; each <c>rect.cell</c> is
/// shaded by its value (a count, or a share of its row) against a colour bar and carries the value as
/// <c>text.count</c>. Column labels turn 45° when they are wider than a cell, so long class names never overlap.
/// </summary>
public static class ConfusionChart
{
    private const double Cell = 44, Top = 48, Gap = 18;

    /// <summary>Renders <paramref name="counts"/> (counts[true][predicted]), a square matrix with one row per class.</summary>
    /// <param name="counts">counts[i][j]: rows of true class i predicted as j.</param>
    /// <param name="classNames">Class names, one per row.</param>
    /// <param name="title">Chart title: say what was trained and on which rows.</param>
    /// <param name="view">Counts, or each row as shares of its true class.</param>
    public static string Render(IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<string> classNames, string title = "Confusion matrix",
        ConfusionView view = ConfusionView.Counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(classNames);
        int k = counts.Count;
        if (classNames.Count != k || counts.Any(row => row.Count != k))
            throw new ArgumentException($"expected a {classNames.Count}×{classNames.Count} matrix of counts", nameof(counts));
        double[][] values = [.. counts.Select(row =>
        {
            double total = row.Sum();
            return row.Select(c => view == ConfusionView.Counts ? c : total > 0 ? c / total : 0).ToArray();
        })];
        double max = view == ConfusionView.Counts ? Math.Max(1, values.SelectMany(r => r).DefaultIfEmpty(0).Max()) : 1;

        double widest = classNames.Select(n => TextWidth(n)).DefaultIfEmpty(0).Max();
        bool turn = widest > Cell - 6;
        // A label turned 45° about its end spans widest/√2 down and left of its cell's centre.
        double columnLabels = turn ? widest / Math.Sqrt(2) + FontSize + 8 : FontSize + 10;
        double content = 34 + widest + 10 + k * Cell + Gap + ColourScale.Width(max) + 10;
        double width = Math.Max(content, TextWidth(title, TitleSize) + 20);
        // A title wider than the matrix centres the matrix under it rather than leaving it at the left edge.
        double left = (width - content) / 2 + 34 + widest + 10;
        double matrixRight = left + k * Cell, matrixBottom = Top + k * Cell;
        double height = matrixBottom + columnLabels + 30;

        var svg = Open(width, height, title);
        for (int i = 0; i < k; i++)
        {
            Text(svg, "class-label", left - 8, Top + (i + 0.5) * Cell + 4, classNames[i], "end");
            double cx = left + (i + 0.5) * Cell;
            if (turn) Rotated(svg, "class-label", cx + 4, matrixBottom + 10, classNames[i], -45, "end");
            else Text(svg, "class-label", cx, matrixBottom + 18, classNames[i]);
            for (int j = 0; j < k; j++)
            {
                double t = values[i][j] / max;
                Rect(svg, "cell", left + j * Cell, Top + i * Cell, Cell, Cell, ColourScale.Shade(t),
                    string.Create(CultureInfo.InvariantCulture, $" data-row=\"{i}\" data-col=\"{j}\" stroke=\"white\""));
                string shown = view == ConfusionView.Counts ? counts[i][j].ToString(CultureInfo.InvariantCulture) : values[i][j].ToString("0.00", CultureInfo.InvariantCulture);
                Text(svg, "count", left + (j + 0.5) * Cell, Top + (i + 0.5) * Cell + 4, shown, "middle", t > 0.55 ? " fill=\"white\"" : "");
            }
        }
        Text(svg, "axis-label", left + k * Cell / 2, height - 10, "predicted class");
        Rotated(svg, "axis-label", (width - content) / 2 + 16, Top + k * Cell / 2, "true class", -90);
        ColourScale.Bar(svg, matrixRight + Gap, Top, matrixBottom, max);
        return Close(svg);
    }

    /// <summary>The count view and the normalised view side by side in one picture.</summary>
    public static string RenderBoth(IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<string> classNames, string title = "Confusion matrix") =>
        ChartGrid.Compose([
            Render(counts, classNames, "counts", ConfusionView.Counts),
            Render(counts, classNames, "share of each true class", ConfusionView.Normalised),
        ], columns: 2, title);
}
