using System.Globalization;
using static FunctionalNet.Plots.SvgText;

namespace FunctionalNet.Plots;

/// <summary>
/// Permutation importances as horizontal bars, most important on top: each bar the mean drop of the score when
/// the feature is shuffled, its whisker ± one standard deviation over the repeats. Past <see cref="MostShown"/>
/// features only the most important are drawn, and the title says so.
/// </summary>
public static class ImportanceChart
{
    /// <summary>At most this many features are drawn (a tall list of near-zero bars says nothing more).</summary>
    public const int MostShown = 30;

    private const double Row = 22, Top = 44, Bottom = 52;

    /// <summary>Renders the chart.</summary>
    /// <param name="importance">The importances, e.g. from <see cref="PermutationImportance.Compute(Matrix{double}, Func{Matrix{double}, double}, int, Rng, Tensors.Parallelism)"/>.</param>
    /// <param name="featureNames">Feature names by column; a column without one is shown as <c>x</c> and its index.</param>
    /// <param name="metric">The score whose drop is shown, for the axis label.</param>
    /// <param name="title">Chart title: say what was trained and on which rows.</param>
    public static string Render(PermutationImportance importance, IReadOnlyList<string> featureNames, string metric = "score",
        string title = "Permutation importance")
    {
        ArgumentNullException.ThrowIfNull(importance);
        ArgumentNullException.ThrowIfNull(featureNames);
        var shown = importance.Features.OrderByDescending(f => f.Mean).ThenBy(f => f.Column).Take(MostShown).ToList();
        if (importance.Features.Length > shown.Count)
            title = string.Create(CultureInfo.InvariantCulture, $"{title} (top {shown.Count} of {importance.Features.Length})");
        string Name(int column) => column < featureNames.Count ? featureNames[column] : $"x{column}";

        double left = 36 + Math.Max(40, shown.Select(f => TextWidth(Name(f.Column))).DefaultIfEmpty(0).Max()), right = XyFrame.Width - XyFrame.MarginRight;
        double height = Top + Row * Math.Max(1, shown.Count) + Bottom, plotBottom = height - Bottom;
        var ends = shown.SelectMany(f => new[] { f.Mean - f.StandardDeviation, f.Mean + f.StandardDeviation }).Append(0).ToList();
        var x = Axis.Covering(ends, left, right, false);
        var svg = Open(XyFrame.Width, height, title);
        foreach (double t in x.Ticks())
        {
            Line(svg, "grid", x.Map(t), Top, x.Map(t), plotBottom, "#e5e5e5");
            Text(svg, "tick-label", x.Map(t), plotBottom + 18, SvgText.Label(t));
        }
        Line(svg, "axis", left, plotBottom, right, plotBottom);
        Line(svg, "zero", x.Map(0), Top, x.Map(0), plotBottom, "#444");
        for (int i = 0; i < shown.Count; i++)
        {
            var f = shown[i];
            double centre = Top + Row * (i + 0.5), x0 = x.Map(Math.Min(0, f.Mean)), x1 = x.Map(Math.Max(0, f.Mean));
            Rect(svg, "bar", x0, centre - Row * 0.35, x1 - x0, Row * 0.7, f.Mean >= 0 ? Palette[0] : Palette[3], " fill-opacity=\"0.85\"");
            Line(svg, "whisker", x.Map(f.Mean - f.StandardDeviation), centre, x.Map(f.Mean + f.StandardDeviation), centre, "black", " stroke-width=\"1.5\"");
            Text(svg, "feature-label", left - 6, centre + 4, Name(f.Column), "end");
        }
        Text(svg, "axis-label", (left + right) / 2, height - 12, $"drop in {metric} when shuffled (mean ± sd)");
        Rotated(svg, "axis-label", 18, (Top + plotBottom) / 2, "feature", -90);
        return Close(svg);
    }
}
